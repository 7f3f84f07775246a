"""Texts for the page scripts, translated on the server and handed over as JSON.

Plural texts are sent as one text per CLDR plural category of the language (Polish has
one/few/many/other), so the browser picks the form with Intl.PluralRules.
"""

import functools

from babel import Locale
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import pgettext


def _plural(text):
    """The plural forms of text(n), keyed by CLDR category, with {count} left for the browser.

    text is a lambda around ngettext() with literal strings, so that extraction finds them.
    """
    rule = Locale.parse(str(get_locale())).plural_form
    forms = {}
    for n in range(0, 200):
        category = rule(n)
        if category not in forms:
            forms[category] = text(n).replace(str(n), "{count}", 1)
    forms.setdefault("other", forms.get("many") or next(iter(forms.values())))
    return forms


def catalogue():
    """Every text the scripts can show, in the current language."""
    return _catalogue_for(str(get_locale()))


@functools.lru_cache(maxsize=16)
def _catalogue_for(locale):
    """Built once per language: the catalogues do not change while the app runs, and building
    it costs about a millisecond of every page. `locale` is the cache key; the texts come from
    the request's translations, which are that locale's."""
    return {
        "charactersLeft": _plural(
            lambda n: ngettext("%(num)d character left", "%(num)d characters left", n)
        ),
        **_offline(),
        **_attachments(),
        **_plan(),
        **_imports(),
    }


def _imports():
    """The import's progress on the preview page (static/js/importprogress.js)."""
    return {
        "importOpening": _("Opening the file…"),
        "importReading": _("Reading rows"),
        "importChecking": _("Checking rows"),
        "importSaving": _("Saving rows"),
        "importRows": _plural(
            lambda n: ngettext(
                "%(done)s of %(total)s row",
                "%(done)s of %(total)s rows",
                n,
                done="{done}",
                total=str(n),
            )
        ),
        "importConnectionLost": _(
            "The connection was lost. The import may still finish on the server: its report"
            " says whether it did."
        ),
        "importOpenReport": _("Open the report"),
    }


def _offline():
    """The outbox, the sync status and the offline banner (static/js, see webapp/pwa.py)."""
    return {
        "savedOnPhone": _("Saved on this phone — will sync."),
        "checkedIn": _("Checked in."),
        "checkedInNoPosition": _("Checked in — location not recorded."),
        "checkedOut": _("Checked out. How did it go? Write a short note."),
        "checkedOutNoted": _("Checked out · %(duration)s · note saved.", duration="{duration}"),
        "noteSaved": _("Note saved."),
        "promiseKept": _("Promise marked as kept."),
        "checkIn": _("Check in"),
        "checkOut": _("Check out"),
        "checkedInBadge": _("Checked in"),
        "since": _("since %(time)s", time="{time}"),
        "waitingBadge": _("Waiting to sync"),
        "synced": _("Synced"),
        "kept": _("Kept"),
        "keptWaiting": _("Kept — waiting to sync"),
        "met": _("Met: %(names)s", names="{names}"),
        "topics": _("Topics: %(titles)s", titles="{titles}"),
        "promiseDue": _("%(text)s, due %(date)s", text="{text}", date="{date}"),
        "due": _("due %(date)s", date="{date}"),
        "followedUp": pgettext("personal topic status", "followed up"),
        "topicClosed": pgettext("personal topic status", "closed"),
        "fillThisIn": _("Please fill this in."),
        "dueDateNeeded": _("Add a due date."),
        "dueDateRange": _("Enter a due date within the next three years."),
        "dueDatePassed": _("This day has passed: the promise will show as overdue."),
        "waiting": _plural(
            lambda n: ngettext("%(num)d change waiting", "%(num)d changes waiting", n)
        ),
        "othersWaiting": _plural(
            lambda n: ngettext(
                "%(num)d change by another user waits for their login",
                "%(num)d changes by another user wait for their login",
                n,
            )
        ),
        "allSaved": _("All changes synced."),
        "lastSync": _("last sync %(when)s", when="{when}"),
        "justNow": _("just now"),
        "dayTime": pgettext("a day and its time", "%(day)s, %(time)s", day="{day}", time="{time}"),
        "willRetry": _("No connection. Will try again."),
        "syncing": _("Syncing…"),
        "syncNow": _("Sync now"),
        "refreshFailed": _plural(
            lambda n: ngettext(
                "%(num)d update of the saved pages failed",
                "%(num)d updates of the saved pages failed",
                n,
            )
        ),
        "needsAttention": _plural(
            lambda n: ngettext(
                "%(num)d change needs your attention", "%(num)d changes need your attention", n
            )
        ),
        "kindCheckIn": _("Check-in"),
        "kindCheckOut": _("Check-out"),
        "kindNote": _("Note"),
        "kindPromiseKept": _("Promise kept"),
        "fix": _("Fix"),
        "discard": _("Discard"),
        "discardConfirm": _("Discard this change? It cannot be undone."),
        "logoutWaiting": _plural(
            lambda n: ngettext(
                "%(num)d change has not synced yet. It stays on this phone and syncs when you "
                "log in again. Log out?",
                "%(num)d changes have not synced yet. They stay on this phone and sync when you "
                "log in again. Log out?",
                n,
            )
        ),
        "offlineBanner": _("Offline — last updated %(time)s", time="{time}"),
        "backOnline": _("Back online — this page is from %(time)s", time="{time}"),
        "savedCopy": _("The network is slow — this page is from %(time)s", time="{time}"),
        "reload": _("Reload"),
        **_location(),
        **_records(),
    }


def _records():
    """People, topics and clients changed on the phone (static/js/record*.js, sitehere.js,
    pendingrecords.js, localclient.js)."""
    return {
        # The server's own words (webapp/sync/fields.py): the phone checks the same.
        "emailInvalid": _("Enter an e-mail address, such as anna@example.com."),
        "phoneInvalid": _("Enter a phone number, such as +47 912 34 567."),
        "rhythmRange": _("Visit every 1 to 52 weeks."),
        "personSaved": _("Contact saved."),
        "topicSaved": _("Personal topic saved."),
        "clientSaved": _("Client saved."),
        "siteSaved": _("The client's site is set here."),
        "about": _("About %(name)s", name="{name}"),
        "personalTopic": _("Personal topic"),
        "edit": _("Edit"),
        "newClient": _("New client"),
        "visitEvery": _plural(
            lambda n: ngettext("visit every week", "visit every %(num)d weeks", n)
        ),
        "clientChanged": _("Client details changed %(when)s", when="{when}"),
        "siteSetHere": _("Site set here (±%(distance)s)", distance="{distance}"),
        "siteMissing": _("No site is stored for this client yet."),
        "siteFar": _(
            "You are about %(distance)s from the client's stored site.", distance="{distance}"
        ),
        "siteHere": _("Set the client's site here (±%(distance)s)", distance="{distance}"),
        "notNow": _("Not now"),
        "kindAddPerson": _("New person"),
        "kindEditPerson": _("Person changed"),
        "kindAddTopic": _("New personal topic"),
        "kindEditTopic": _("Personal topic changed"),
        "kindNewClient": _("New client"),
        "kindEditClient": _("Client changed"),
        "kindSiteHere": _("Client's site set"),
    }


def _attachments():
    """A note's photos and voice memos (static/js/attach.js, recorder.js, pendingfiles.js)."""
    return {
        "photoCount": _plural(lambda n: ngettext("%(num)d photo", "%(num)d photos", n)),
        "memoCount": _plural(lambda n: ngettext("%(num)d voice memo", "%(num)d voice memos", n)),
        "filesWaiting": _("%(files)s waiting", files="{files}"),
        "filesRefused": _("%(files)s not accepted", files="{files}"),
        "kindPhoto": _("Photo"),
        "kindMemo": _("Voice memo"),
        "photoNumber": _("Photo %(number)s", number="{number}"),
        "memoWithTime": _("Voice memo · %(time)s", time="{time}"),
        "remove": _("Remove"),
        "removePhoto": _("Remove photo %(number)s", number="{number}"),
        "removeMemo": _("Remove the voice memo"),
        "preparingPhoto": _("Preparing the photo…"),
        "photoAdded": _("Photo added."),
        "photoRemoved": _("Photo removed."),
        "photoUnreadable": _("This photo could not be read. Try another one."),
        "tooManyFiles": _("A note can have at most %(max)s photos and memos.", max="{max}"),
        "recordedListen": _(
            "Voice memo of %(time)s added. Listen to it before you save, or remove it.",
            time="{time}",
        ),
        "memoRemoved": _("Voice memo removed."),
        "memoLimit": _("Two minutes: the recording stopped."),
        "microphoneBlocked": _(
            "Folka may not use the microphone. Allow it in the browser's settings."
        ),
        "microphoneUnavailable": _("The microphone could not be started."),
    }


def _location():
    """The client form's "Use my current location" (static/js/locate.js)."""
    return {
        "locating": _("Finding your location…"),
        "located": _("Location found, accurate to about %(distance)s.", distance="{distance}"),
        "locationBlocked": _(
            "Folka may not use your location. Allow it in the browser's settings, or type "
            "the numbers."
        ),
        "locationUnavailable": _(
            "Your location could not be found. Try again, or type the numbers."
        ),
    }


def _plan():
    """Near me on Today and the day's route (static/js/nearme.js, dayplan.js)."""
    return {
        "nearMeLocating": _("Finding where you are…"),
        "nearMeDenied": _(
            "Folka may not use this phone’s position. Allow it in the browser’s settings."
        ),
        "nearMeFailed": _("Your position could not be found. Try again in a moment."),
        "nearMeSorted": _("Nearest first, from where you are now."),
        "nearMeDue": _plural(
            lambda n: ngettext(
                "%(num)d client due or overdue within %(km)s km",
                "%(num)d clients due or overdue within %(km)s km",
                n,
                km="{km}",
            )
        ),
        "startHere": _("Where I am"),
        "startRemembered": _("Remembered on this phone."),
        "routeSaved": _("Route saved."),
        "visitedStop": _("Visited:"),
        "kindDayPlan": _("Day’s route"),
        # The route ordered on the phone offline: the texts of plan/_route_list.html.
        "routeFrom": _("From %(place)s at %(time)s", place="{place}", time="{time}"),
        "routeFirstClient": _("the first client"),
        "routeStops": _plural(lambda n: ngettext("%(num)d stop", "%(num)d stops", n)),
        "routeDriving": _("driving %(duration)s", duration="{duration}"),
        "routeDoneBy": _("done by %(time)s", time="{time}"),
        "routeVisit": _("%(minutes)s visit", minutes="{minutes}"),
        "routeDirections": _("Directions"),
        "routeOffline": _("Ordered on this phone: you are offline."),
    }
