# A subclass that keeps its parent's constructor: calls to it are calls to CookieSession.__init__, which the
# demand scan must search for under this name too.
from session import CookieSession


class TimedSession(CookieSession):
    max_age = 3600
