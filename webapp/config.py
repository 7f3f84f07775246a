"""Default settings; the instance folder and FOLKA_* environment variables override them.

An environment variable is the setting's name with the prefix (FOLKA_SESSION_DAYS=7); its
value is read as JSON where it is JSON (numbers, true/false), else as text.
"""

#: The SQLite file. Relative paths are resolved against the project directory.
DATABASE = "instance/folka.db"
#: Signing key for sessions and CSRF tokens. make run writes a random one to the instance folder.
SECRET_KEY = "dev-only-change-me"
#: Largest request body accepted, in bytes; larger ones get 413.
MAX_CONTENT_LENGTH = 256 * 1024
#: Longest note a rep can write, in characters.
NOTE_MAX_LENGTH = 1000
#: A check-in farther than this from the client's site (in metres) shows a warning.
FAR_FROM_SITE_METRES = 500
#: Languages with complete catalogues, in the order the switcher shows them.
LANGUAGES = ["en", "nb", "sv", "fi", "pl"]
BABEL_DEFAULT_LOCALE = "en"
BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
#: CSRF tokens live as long as the session, so a form left open all day still posts.
WTF_CSRF_TIME_LIMIT = None
#: Remember-me lasts a month; the server-side session limits below still apply.
REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
#: A login ends this many days after it began, however active (ASVS absolute lifetime).
SESSION_DAYS = 30
#: A login not used for this many days ends (reps may be offline for a week of travel).
SESSION_IDLE_DAYS = 14
#: Failed logins allowed per account within the window below; then the account waits.
LOGIN_FAILURES_PER_ACCOUNT = 5
#: Failed logins from one client address within the window before it is slowed down to one
#: attempt per pause (an office behind one NAT is slowed, never locked out).
LOGIN_FAILURES_PER_ADDRESS = 20
LOGIN_ADDRESS_PAUSE_SECONDS = 10
LOGIN_THROTTLE_MINUTES = 15
#: Hours a temporary password from an admin can be used to log in and choose a new one.
TEMPORARY_PASSWORD_HOURS = 72
#: Personal topics not mentioned for this many days are deleted by `flask purge`.
TOPIC_RETENTION_DAYS = 365
#: Roles that must use two-step login ("admin,manager,rep" for everyone; ASVS level 2).
TOTP_REQUIRED_ROLES = "admin"
#: Behind a TLS proxy: how many proxies' X-Forwarded-For/-Proto headers to believe (0: none).
TRUST_PROXY = 0
#: The addresses (or networks) the nearest proxy connects from, comma-separated; those headers
#: count only on its connections (and on a UNIX socket's).
PROXY_ADDRESSES = "127.0.0.1,::1"
#: 1: cookies are always Secure and __Host- prefixed; 0: Secure whenever the request is HTTPS.
SECURE_COOKIES = 0
#: Sent on HTTPS responses only.
HSTS = "max-age=31536000; includeSubDomains"
#: One JSON line per request: "-" for stderr (the journal), a file path, or "" for none.
ACCESS_LOG_JSON = ""
#: A bearer token that lets a scraper read /metrics from elsewhere; "" for loopback only.
METRICS_TOKEN = ""
#: Litestream's configuration, when it replicates the database: /healthz and /metrics then
#: report the replica's last upload and lag.
LITESTREAM_CONFIG = ""
#: The map's tiles ({z}/{x}/{y}; {s} for a subdomain): the CSP lets images come from its host
#: alone. OpenStreetMap's own server asks for the attribution below and for light use only.
MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
#: Shown on the map as its usage policy asks, linked to MAP_ATTRIBUTION_URL.
MAP_ATTRIBUTION = "© OpenStreetMap contributors"
MAP_ATTRIBUTION_URL = "https://www.openstreetmap.org/copyright"
#: The day's route: the average speed along the straight line between stops (lower than road
#: speeds: roads are longer than the line), the planned visit length and the usual start.
DAY_PLAN_SPEED_KMH = 40
DAY_PLAN_VISIT_MINUTES = 30
DAY_PLAN_START_TIME = "08:30"
#: "Due or overdue within N km" on Today's Near me: the N offered first.
NEAR_ME_KM = 25
