from django.urls import path

from seat.notifications import views

app_name = "notifications"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("notifications/", views.choices, name="choices"),
]
