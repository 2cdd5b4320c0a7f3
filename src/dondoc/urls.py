from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from dondoc.accounts import views as account_views
from dondoc.feeds import views as feed_views

admin.site.site_header = "Đôn Đốc: quản trị hệ thống"
admin.site.site_title = "Đôn Đốc"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("tai-khoan/", include("dondoc.accounts.urls")),
    path("don-vi/", include("dondoc.organisations.urls")),
    # Before the tasks: links to files in users' mail still read /nhiem-vu/tep/<token>/.
    path("nhiem-vu/tep/", include("dondoc.attachments.urls")),
    path("nhiem-vu/", include("dondoc.tasks.urls")),
    path("van-ban/", include("dondoc.documents.urls")),
    path("so-theo-doi/", include("dondoc.registers.urls")),
    path("bao-cao/", include("dondoc.reports.urls")),
    path("thong-bao/", include("dondoc.notifications.urls")),
    # Anyone may switch the language, the log-in page included.
    path("ngon-ngu/", login_not_required(set_language), name="set_language"),
    path("quan-tri/", admin.site.urls),
    # A user's private calendar: no log-in, its secret address is the credential (feeds/views.py).
    path("lich/<str:token>.ics", feed_views.calendar_feed, name="calendar_feed"),
]

# With DEBUG off: our own message or a general one, never an exception's name (core/views.py).
# 500.html and 400.html are Django's defaults' templates, drawn without the database.
handler404 = "dondoc.core.views.page_not_found"
handler500 = "dondoc.core.views.server_error"
