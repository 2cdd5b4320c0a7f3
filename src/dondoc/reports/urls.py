app_name = "reports"
urlpatterns: list = [
    # The dashboard, the exports, a unit's page and a leader's page are added by their modules.
]
