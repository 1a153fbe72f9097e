"""Pages for partners: a host's requests, and a survivor-led organisation's workspace.

Each part of the workspace has its own views module: requests (asking and forwarding), members
(profiles and consent said aloud), captures (in-person sessions), outcomes (pay and responses).
"""

from django.urls import path  # noqa: F401 - each views module adds its paths below

app_name = "partners"

urlpatterns: list = []
