from django.http import HttpRequest

from dondoc.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request that LoginRequiredMiddleware has let through: its user is one of ours."""

    user: User
