from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Engagement quality metrics, the engagement ladder, dashboards and funder reports.

    It reads from every app (through their models and selectors) and nothing imports it.
    """

    name = "seat.insights"
    label = "insights"

    def ready(self) -> None:
        from seat.insights.signals import connect

        connect()
