// Recording a voice memo on the note form: at most two minutes, the time shown as it runs,
// and Stop. The memo then joins the note's files (attach.js) with a player, to listen to it
// before the note is saved, and Remove. MediaRecorder writes WebM or Ogg with Opus
// (Chromium, Firefox) or MP4 (Safari); the server knows each by its header.
import { t } from "./messages.js";

export const MAX_SECONDS = 120;
const TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4", "audio/webm"];

// 42.5 → "0:42": a memo's length, as players show it.
export function formatClock(seconds) {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

export function canRecord() {
  return typeof MediaRecorder === "function" && Boolean(navigator.mediaDevices?.getUserMedia);
}

// Wires the button `start` and the recorder panel `box`: done({blob, type, duration}) gets
// each finished recording; say(text) tells what happens (a live region).
export function initRecorder(start, box, done, say) {
  const $ = (name) => box.querySelector(`[data-memo-${name}]`);
  start.addEventListener("click", async () => {
    start.disabled = true;
    try {
      await record($, box, say, (memo) => {
        box.hidden = true;
        start.disabled = false;
        done(memo);
      });
    } catch (error) {
      box.hidden = true;
      start.disabled = false;
      say(t(error?.name === "NotAllowedError" ? "microphoneBlocked" : "microphoneUnavailable"));
    }
  });
}

async function record($, box, say, done) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const type = TYPES.find((candidate) => MediaRecorder.isTypeSupported(candidate));
  // 48 kbit/s Opus: a clear voice, two minutes in about 700 KB.
  const recorder = new MediaRecorder(stream, type ? { mimeType: type, audioBitsPerSecond: 48000 } : {});
  const chunks = [];
  const began = performance.now();
  const seconds = () => Math.min(MAX_SECONDS, (performance.now() - began) / 1000);
  const timer = setInterval(() => {
    $("timer").textContent = formatClock(seconds());
    if (seconds() >= MAX_SECONDS && recorder.state === "recording") {
      say(t("memoLimit"));
      recorder.stop();
    }
  }, 250);
  recorder.addEventListener("dataavailable", (event) => { if (event.data.size) chunks.push(event.data); });
  recorder.addEventListener("stop", () => {
    clearInterval(timer);
    stream.getTracks().forEach((track) => track.stop());
    const blobType = recorder.mimeType || type || "audio/webm";
    done({ blob: new Blob(chunks, { type: blobType }), type: blobType, duration: Math.round(seconds() * 10) / 10 });
  });
  $("timer").textContent = formatClock(0);
  box.hidden = false;
  $("stop").onclick = () => { if (recorder.state === "recording") recorder.stop(); };
  recorder.start(1000); // the panel says "Recording…", and Stop (focused) is described by it
  box.scrollIntoView({ block: "center" }); // clear of the sticky Save bar
  $("stop").focus({ preventScroll: true });
}
