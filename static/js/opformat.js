// The format of the operations in the outbox, and how an operation queued by older scripts
// is sent by newer ones (README, "The outbox survives an app update").
//
// Version 1: the operations of the first scripts (check_in, check_out, note, promise_kept),
// with no "v". Version 2: every operation says "v": 2; it adds kinds (add_person, edit_person,
// add_topic, edit_topic, new_client, edit_client, site_here), a note's attachments, and a
// client or person named by the UUID it was made under. No field of version 1 changed its
// meaning, so a version 1 operation is a valid version 2 one as it stands.
//
// The rule: operations stay in the outbox as they were queued; scripts of version N upgrade
// an older operation step by step when they send it, never changing its id, so an operation
// sent once before and once after a deploy is the same operation (a duplicate, never a
// second row). A version that changes what a field means adds its step to STEPS. An
// operation newer than these scripts (a deploy rolled back) is sent as it is: the server
// decides.
export const OP_VERSION = 2;

// STEPS[n] turns an operation of version n into one of version n + 1.
const STEPS = {
  1: (op) => op, // 1 → 2: nothing to change
};

export function upgrade(op) {
  let version = op.v ?? 1;
  let next = op;
  while (version < OP_VERSION && STEPS[version]) {
    next = STEPS[version](next);
    version += 1;
  }
  return version === op.v ? op : { ...next, v: version };
}
