from django.urls import path

from seat.sms import views

app_name = "sms"

urlpatterns = [
    path("inbound/<slug:provider>/", views.inbound, name="inbound"),
]
