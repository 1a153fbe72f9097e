"""Pages for partners: a host's requests, and a survivor-led organisation's workspace.

Each part of the workspace has its own views module: requests (asking and forwarding), members
(profiles and consent said aloud), captures (in-person sessions), outcomes (pay and responses).
"""

from django.urls import path

from seat.partners.views import captures, members, outcomes, requests

app_name = "partners"

urlpatterns: list = [
    path("members/", members.members, name="members"),
    path("members/new/", members.member_new, name="member-new"),
    path("members/<uuid:member_id>/", members.member_edit, name="member-edit"),
    path("members/<uuid:member_id>/consent/", members.member_consent, name="member-consent"),
    path("members/<uuid:member_id>/text-messages/", members.member_sms, name="member-sms"),
    path(
        "requests/<uuid:request_id>/collective/",
        outcomes.collective_contribute,
        name="collective",
    ),
    path("outcomes/", outcomes.outcomes_page, name="outcomes"),
    path(
        "outcomes/payments/<uuid:payment_id>/passed-on/",
        outcomes.payment_passed_on,
        name="payment-passed-on",
    ),
    path(
        "outcomes/responses/<uuid:response_id>/told/",
        outcomes.response_told,
        name="response-told",
    ),
    # requests: the workspace's front page, a request, forwarding, answers heard in person
    path("", requests.home, name="home"),
    path("requests/<uuid:request_id>/", requests.request_detail, name="request"),
    path("requests/<uuid:request_id>/decide/", requests.request_decide, name="request-decide"),
    path("requests/<uuid:request_id>/forward/", requests.request_forward, name="request-forward"),
    path(
        "invitations/<uuid:invitation_id>/answer/",
        requests.invitation_answer,
        name="invitation-answer",
    ),
    # requests, the host's side: ask a partner, withdraw a request
    path("ask/<uuid:consultation_id>/", requests.ask, name="ask"),
    path("requests/<uuid:request_id>/withdraw/", requests.withdraw, name="request-withdraw"),
]

# In-person sessions (views/captures.py).
urlpatterns += [
    path("requests/<uuid:request_id>/capture/", captures.capture_new, name="capture-new"),
    path("sessions/", captures.session_list, name="sessions"),
    path("sessions/<uuid:capture_id>/", captures.session_detail, name="session"),
]
