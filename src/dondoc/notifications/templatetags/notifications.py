from django import template

from dondoc.accounts.models import User
from dondoc.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: User) -> int:
    """The bell's number when a page is drawn (one indexed count); htmx refreshes it after."""
    return unread_count(user) if user.is_authenticated else 0
