"""What each audit verb means, in words an organisation's admin reads (its audit log page).

The log keeps the verb as a code (``membership.role_change``) for machines; people read the
phrase. A verb recorded anywhere in Seat must have a phrase here:
seat/core/tests/test_audit_verbs.py scans the code and fails on one that has none. Phrases are
short, past tense, and never hold anyone's name or what they wrote.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# One context for every phrase, so translators see them together and as what someone did.
VERB_LABELS: dict[str, Promise] = {
    # Accounts, sign-in and security
    "user.create": pgettext_lazy("what someone did, in an audit log", "Created an account"),
    "user.password_set": pgettext_lazy(
        "what someone did, in an audit log", "Set their first password"
    ),
    "password.change": pgettext_lazy("what someone did, in an audit log", "Changed their password"),
    "password.reset": pgettext_lazy(
        "what someone did, in an audit log", "Reset their password with a code"
    ),
    "reset_code.create": pgettext_lazy(
        "what someone did, in an audit log", "Made a password reset code"
    ),
    "two_factor.enrol": pgettext_lazy(
        "what someone did, in an audit log", "Set up two-step sign-in"
    ),
    "recovery_codes.make": pgettext_lazy(
        "what someone did, in an audit log", "Made new recovery codes"
    ),
    "recovery_code.use": pgettext_lazy(
        "what someone did, in an audit log", "Signed in with a recovery code"
    ),
    "security_notice.record": pgettext_lazy(
        "what someone did, in an audit log", "Received a security notice"
    ),
    "security_notice.dismiss": pgettext_lazy(
        "what someone did, in an audit log", "Dismissed a security notice"
    ),
    "session.end": pgettext_lazy("what someone did, in an audit log", "Signed out a session"),
    "session.end_others": pgettext_lazy(
        "what someone did, in an audit log", "Signed out everywhere else"
    ),
    "notifications.choose": pgettext_lazy(
        "what someone did, in an audit log", "Chose how to be contacted"
    ),
    "api_token.created": pgettext_lazy("what someone did, in an audit log", "Made an API token"),
    "api_token.remade": pgettext_lazy("what someone did, in an audit log", "Replaced an API token"),
    "api_token.revoked": pgettext_lazy(
        "what someone did, in an audit log", "Switched off an API token"
    ),
    "keys.rotate": pgettext_lazy(
        "what someone did, in an audit log", "Renewed the keys that protect data"
    ),
    # The organisation and its members
    "organisation.create": pgettext_lazy(
        "what someone did, in an audit log", "Created the organisation"
    ),
    "organisation.settings_change": pgettext_lazy(
        "what someone did, in an audit log", "Changed the organisation's settings"
    ),
    "membership.grant": pgettext_lazy("what someone did, in an audit log", "Gave someone a role"),
    "membership.role_change": pgettext_lazy(
        "what someone did, in an audit log", "Changed someone's role"
    ),
    "membership.end": pgettext_lazy(
        "what someone did, in an audit log", "Removed someone from the organisation"
    ),
    "member_invitation.create": pgettext_lazy(
        "what someone did, in an audit log", "Made a joining link"
    ),
    "member_invitation.address": pgettext_lazy(
        "what someone did, in an audit log", "Invited an existing account"
    ),
    "member_invitation.email": pgettext_lazy(
        "what someone did, in an audit log", "Emailed a joining link"
    ),
    "member_invitation.decline": pgettext_lazy(
        "what someone did, in an audit log", "Declined to join as staff"
    ),
    "member_invitation.revoke": pgettext_lazy(
        "what someone did, in an audit log", "Cancelled a joining link"
    ),
    # Survivor experts: profiles, private details, consent, text messages
    "expert.create": pgettext_lazy(
        "what someone did, in an audit log", "Made a survivor expert profile"
    ),
    "expert.join": pgettext_lazy("what someone did, in an audit log", "Joined with a joining code"),
    "expert.link": pgettext_lazy(
        "what someone did, in an audit log", "Linked a survivor expert to an organisation"
    ),
    "expert.preferences": pgettext_lazy(
        "what someone did, in an audit log", "Changed someone's preferences"
    ),
    "expert.sms_account": pgettext_lazy(
        "what someone did, in an audit log", "Made a text-message-only account"
    ),
    "join_code.create": pgettext_lazy("what someone did, in an audit log", "Made a joining code"),
    "join_code.withdraw": pgettext_lazy(
        "what someone did, in an audit log", "Cancelled a joining code"
    ),
    "identity.read": pgettext_lazy(
        "what someone did, in an audit log", "Read a survivor's private details"
    ),
    "identity.update": pgettext_lazy(
        "what someone did, in an audit log", "Changed someone's private details"
    ),
    "diversity.read": pgettext_lazy(
        "what someone did, in an audit log", "Read someone's diversity answers"
    ),
    "diversity.update": pgettext_lazy(
        "what someone did, in an audit log", "Changed diversity answers"
    ),
    "diversity.clear": pgettext_lazy(
        "what someone did, in an audit log", "Cleared diversity answers"
    ),
    "consent.grant": pgettext_lazy("what someone did, in an audit log", "Recorded consent given"),
    "consent.withdraw": pgettext_lazy(
        "what someone did, in an audit log", "Recorded consent withdrawn"
    ),
    "member_profile.create": pgettext_lazy(
        "what someone did, in an audit log", "Added a member profile"
    ),
    "member_profile.update": pgettext_lazy(
        "what someone did, in an audit log", "Changed a member profile"
    ),
    "my_data.download": pgettext_lazy(
        "what someone did, in an audit log", "Downloaded their own data"
    ),
    "account.erase": pgettext_lazy("what someone did, in an audit log", "Deleted their account"),
    "account.switch_off_idle": pgettext_lazy(
        "what someone did, in an audit log", "Switched off an account nobody used for a year"
    ),
    "sms.enrol": pgettext_lazy("what someone did, in an audit log", "Set up text messages"),
    "sms.code": pgettext_lazy("what someone did, in an audit log", "Sent a text message code"),
    "sms.code_wrong": pgettext_lazy(
        "what someone did, in an audit log", "Typed a wrong text message code"
    ),
    "sms.number_moved": pgettext_lazy(
        "what someone did, in an audit log", "Freed a phone number for someone else"
    ),
    "sms.start": pgettext_lazy("what someone did, in an audit log", "Restarted text messages"),
    "sms.stop": pgettext_lazy("what someone did, in an audit log", "Stopped text messages"),
    # Projects, consultations, invitations and input
    "project.create": pgettext_lazy("what someone did, in an audit log", "Created a project"),
    "project.update": pgettext_lazy("what someone did, in an audit log", "Changed a project"),
    "project.delete": pgettext_lazy("what someone did, in an audit log", "Deleted a project"),
    "engagement_plan.create": pgettext_lazy(
        "what someone did, in an audit log", "Created an engagement plan"
    ),
    "engagement_plan.update": pgettext_lazy(
        "what someone did, in an audit log", "Changed an engagement plan"
    ),
    "engagement_plan.delete": pgettext_lazy(
        "what someone did, in an audit log", "Deleted an engagement plan"
    ),
    "consultation.create": pgettext_lazy(
        "what someone did, in an audit log", "Created a consultation"
    ),
    "consultation.update": pgettext_lazy(
        "what someone did, in an audit log", "Changed a consultation"
    ),
    "consultation.check_override": pgettext_lazy(
        "what someone did, in an audit log", "Went ahead despite the quality check"
    ),
    "consultation.publish": pgettext_lazy(
        "what someone did, in an audit log", "Published a consultation"
    ),
    "consultation.close": pgettext_lazy(
        "what someone did, in an audit log", "Closed a consultation"
    ),
    "consultation.cancel": pgettext_lazy(
        "what someone did, in an audit log", "Cancelled a consultation"
    ),
    "consultation.delete": pgettext_lazy(
        "what someone did, in an audit log", "Deleted a consultation"
    ),
    "consultation.translation.create": pgettext_lazy(
        "what someone did, in an audit log", "Added a translation"
    ),
    "consultation.translation.update": pgettext_lazy(
        "what someone did, in an audit log", "Changed a translation"
    ),
    "consultation.translation.delete": pgettext_lazy(
        "what someone did, in an audit log", "Removed a translation"
    ),
    "invitation.send": pgettext_lazy("what someone did, in an audit log", "Sent an invitation"),
    # invitation.<InvitationStatus>: an answer given (seat/consultations/services.py)
    "invitation.pending": pgettext_lazy("what someone did, in an audit log", "Sent an invitation"),
    "invitation.accepted": pgettext_lazy(
        "what someone did, in an audit log", "Said yes to an invitation"
    ),
    "invitation.declined": pgettext_lazy(
        "what someone did, in an audit log", "Said no to an invitation"
    ),
    "invitation.forward": pgettext_lazy(
        "what someone did, in an audit log", "Passed on an invitation"
    ),
    "invitation.accepted_in_person": pgettext_lazy(
        "what someone did, in an audit log", "Recorded a yes given in person"
    ),
    "contribution.submit": pgettext_lazy("what someone did, in an audit log", "Sent their input"),
    "contribution.capture": pgettext_lazy(
        "what someone did, in an audit log", "Wrote down someone's input"
    ),
    "contribution.collective": pgettext_lazy(
        "what someone did, in an audit log", "Recorded a collective's input"
    ),
    "capture.record": pgettext_lazy(
        "what someone did, in an audit log", "Recorded an in-person session"
    ),
    # Partners
    "partner_request.create": pgettext_lazy(
        "what someone did, in an audit log", "Sent a request to a partner"
    ),
    # partner_request.<PartnerRequestStatus> (seat/partners/services.py)
    "partner_request.pending": pgettext_lazy(
        "what someone did, in an audit log", "Sent a request to a partner"
    ),
    "partner_request.accepted": pgettext_lazy(
        "what someone did, in an audit log", "Accepted a host's request"
    ),
    "partner_request.declined": pgettext_lazy(
        "what someone did, in an audit log", "Declined a host's request"
    ),
    "partner_request.withdrawn": pgettext_lazy(
        "what someone did, in an audit log", "Withdrew a request to a partner"
    ),
    # What became of input: responses and outcome reports
    "response.record": pgettext_lazy(
        "what someone did, in an audit log", "Recorded what became of input"
    ),
    "response.revise": pgettext_lazy(
        "what someone did, in an audit log", "Revised what became of input"
    ),
    "response.relay": pgettext_lazy(
        "what someone did, in an audit log", "Told someone what became of their input"
    ),
    "outcome_report.create": pgettext_lazy(
        "what someone did, in an audit log", "Wrote an outcome report"
    ),
    "outcome_report.update": pgettext_lazy(
        "what someone did, in an audit log", "Changed an outcome report"
    ),
    "outcome_report.translate": pgettext_lazy(
        "what someone did, in an audit log", "Translated an outcome report"
    ),
    "outcome_report.translation_update": pgettext_lazy(
        "what someone did, in an audit log", "Changed an outcome report's translation"
    ),
    "outcome_report.send": pgettext_lazy(
        "what someone did, in an audit log", "Sent an outcome report"
    ),
    # Pay
    "payment.record": pgettext_lazy("what someone did, in an audit log", "Recorded a payment"),
    # payment.<PaymentStep> (seat/compensation/services.py)
    "payment.recorded": pgettext_lazy("what someone did, in an audit log", "Recorded a payment"),
    "payment.edited": pgettext_lazy(
        "what someone did, in an audit log", "Changed a payment's amounts"
    ),
    "payment.approved": pgettext_lazy("what someone did, in an audit log", "Approved a payment"),
    "payment.paid": pgettext_lazy("what someone did, in an audit log", "Marked a payment paid"),
    "payment.cancelled": pgettext_lazy("what someone did, in an audit log", "Cancelled a payment"),
    "payment.corrected": pgettext_lazy(
        "what someone did, in an audit log", "Took back a payment step"
    ),
    "payment.pass_on": pgettext_lazy("what someone did, in an audit log", "Passed on a payment"),
    "payment.receipt_read": pgettext_lazy(
        "what someone did, in an audit log", "Looked at a payment receipt"
    ),
    "rate_card.create": pgettext_lazy("what someone did, in an audit log", "Added a pay rate"),
    "rate_card.update": pgettext_lazy("what someone did, in an audit log", "Changed a pay rate"),
    "rate_card.remove": pgettext_lazy("what someone did, in an audit log", "Removed a pay rate"),
    "training.record": pgettext_lazy(
        "what someone did, in an audit log", "Recorded a training session"
    ),
    "training.import": pgettext_lazy(
        "what someone did, in an audit log", "Uploaded a file of training sessions"
    ),
    "training.import.done": pgettext_lazy(
        "what someone did, in an audit log", "Finished adding training sessions"
    ),
    # Opportunities
    "opportunity.created": pgettext_lazy(
        "what someone did, in an audit log", "Created an opportunity"
    ),
    "opportunity.changed": pgettext_lazy(
        "what someone did, in an audit log", "Changed an opportunity"
    ),
    "opportunity.opened": pgettext_lazy(
        "what someone did, in an audit log", "Opened an opportunity"
    ),
    "opportunity.closed": pgettext_lazy(
        "what someone did, in an audit log", "Closed an opportunity"
    ),
    # Self-assessment and survivor advisors
    "assessment.open": pgettext_lazy(
        "what someone did, in an audit log", "Opened an assessment round"
    ),
    "assessment.close": pgettext_lazy(
        "what someone did, in an audit log", "Closed an assessment round"
    ),
    "assessment.rate": pgettext_lazy(
        "what someone did, in an audit log", "Answered assessment questions"
    ),
    "assessment.action.create": pgettext_lazy(
        "what someone did, in an audit log", "Added an action item"
    ),
    "assessment.action.update": pgettext_lazy(
        "what someone did, in an audit log", "Changed an action item"
    ),
    "assessment.advisor.ask": pgettext_lazy(
        "what someone did, in an audit log", "Asked a survivor expert to advise"
    ),
    "assessment.advisor.withdraw": pgettext_lazy(
        "what someone did, in an audit log", "Took back a request to advise"
    ),
    # assessment.advisor.<AdvisorRequestStatus> (seat/assessment/services.py)
    "assessment.advisor.pending": pgettext_lazy(
        "what someone did, in an audit log", "Asked a survivor expert to advise"
    ),
    "assessment.advisor.accepted": pgettext_lazy(
        "what someone did, in an audit log", "Agreed to advise"
    ),
    "assessment.advisor.declined": pgettext_lazy(
        "what someone did, in an audit log", "Said no to advising"
    ),
    "assessment.advisor.withdrawn": pgettext_lazy(
        "what someone did, in an audit log", "Took back a request to advise"
    ),
    "assessment.advisor.ended": pgettext_lazy(
        "what someone did, in an audit log", "Ended a survivor advisor's role"
    ),
    # Advisory councils
    "council.created": pgettext_lazy(
        "what someone did, in an audit log", "Created an advisory council"
    ),
    "council.updated": pgettext_lazy(
        "what someone did, in an audit log", "Changed an advisory council"
    ),
    "council.term_added": pgettext_lazy(
        "what someone did, in an audit log", "Added a council member's term"
    ),
    "council.term_renewed": pgettext_lazy(
        "what someone did, in an audit log", "Renewed a council member's term"
    ),
    "council.meeting_created": pgettext_lazy(
        "what someone did, in an audit log", "Added a council meeting"
    ),
    "council.minutes_saved": pgettext_lazy(
        "what someone did, in an audit log", "Saved meeting minutes"
    ),
    "council.minutes_corrected": pgettext_lazy(
        "what someone did, in an audit log", "Corrected meeting minutes"
    ),
    "council.attendance_recorded": pgettext_lazy(
        "what someone did, in an audit log", "Recorded who came to a meeting"
    ),
    "council.recommendation_submitted": pgettext_lazy(
        "what someone did, in an audit log", "Made a recommendation"
    ),
    "council.recommendation_corrected": pgettext_lazy(
        "what someone did, in an audit log", "Corrected a recommendation"
    ),
    "council.response_recorded": pgettext_lazy(
        "what someone did, in an audit log", "Answered a recommendation"
    ),
    "council.recommendation_implemented": pgettext_lazy(
        "what someone did, in an audit log", "Marked a recommendation done"
    ),
    "council.dissent_recorded": pgettext_lazy(
        "what someone did, in an audit log", "Recorded a different view"
    ),
}


def verb_label(verb: str) -> str:
    """The phrase for ``verb`` in the current language, or the code itself for a verb with none
    (events from older code, or made up by tests)."""
    label = VERB_LABELS.get(verb)
    return str(label) if label is not None else verb
