from django.urls import path

from dondoc.registers import views

app_name = "registers"
urlpatterns = [
    path("nhap/", views.register_import, name="import"),
    path("nhap/<str:token>/", views.register_preview, name="preview"),
    path("mau.xlsx", views.register_template, name="template"),
]
