from django.contrib.auth import views as auth_views
from django.urls import include, path

from dondoc.accounts import views
from dondoc.accounts.forms import LoginForm

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("ho-so/", views.profile, name="profile"),
    path("ho-so/lich/", include("dondoc.feeds.urls")),
]
