"""Demo: Bridgeway tells the people who took part in the complaints-line consultation what came
of it (an outcome report in English, translated into Bengali, sent), and publishes its
"you said, we did" page. Tara (demo-expert) finds it in her messages, in Bengali."""

from __future__ import annotations

from seat.accountability.models import OutcomeReport
from seat.accountability.reports import report_create, report_send, report_translation_save
from seat.accounts.models import Organisation, User
from seat.consultations.models import Consultation

ENGLISH = {
    "heard": (
        "Workers in the Gulf can call safely late in the evening, on Friday and on Sunday "
        "mornings. Calls must be free and must not show on a phone bill. Many women want a "
        "person who answers in Bangla, not a menu. Workers on fishing boats need a text line."
    ),
    "changed": (
        "The line will be open 20:00 to 01:00 Gulf time, on Fridays and on Sunday mornings. "
        "It is a toll-free number that does not appear on bills. A person answers every call "
        "in Bangla."
    ),
    "unchanged": (
        "There is no Hindi or Sylheti yet: we need a second funder for more staff. The text "
        "line for fishers is not part of this line: this year the line is for domestic "
        "workers in the Gulf. We passed the idea to the labour ministry."
    ),
    "next_steps": (
        "The line opens in January. We will tell you in March whether the funder said yes to "
        "Sylheti and Hindi, and what the ministry answered about the text line."
    ),
}

BENGALI = {
    "heard": (
        "উপসাগরীয় দেশে কর্মীরা সন্ধ্যার শেষে, শুক্রবারে আর রবিবার সকালে নিরাপদে ফোন করতে পারেন। "
        "ফোন বিনামূল্যে হতে হবে এবং ফোনের বিলে দেখা যাবে না। অনেক নারী মেনু নয়, বাংলায় কথা বলা "
        "একজন মানুষ চান। মাছ ধরার নৌকার কর্মীদের জন্য একটি মেসেজ লাইন দরকার।"
    ),
    "changed": (
        "লাইনটি উপসাগরীয় সময় রাত ৮টা থেকে ১টা, শুক্রবার আর রবিবার সকালে খোলা থাকবে। এটি একটি "
        "টোল-ফ্রি নম্বর, বিলে দেখা যায় না। প্রতিটি ফোনে একজন মানুষ বাংলায় উত্তর দেবেন।"
    ),
    "unchanged": (
        "হিন্দি বা সিলেটি এখনো নেই: আরও কর্মীর জন্য দ্বিতীয় একজন দাতা দরকার। জেলেদের জন্য "
        "মেসেজ লাইন এই লাইনের অংশ নয়: এ বছর লাইনটি উপসাগরীয় দেশের গৃহকর্মীদের জন্য। আমরা "
        "ধারণাটি শ্রম মন্ত্রণালয়কে জানিয়েছি।"
    ),
    "next_steps": (
        "লাইনটি জানুয়ারিতে চালু হবে। মার্চে আমরা জানাব দাতা সিলেটি আর হিন্দির জন্য রাজি হলেন কি "
        "না, আর মেসেজ লাইন নিয়ে মন্ত্রণালয় কী বলল।"
    ),
}


def demo_outcome_reports(
    *, organisation: Organisation, staff: User, consultation: Consultation
) -> OutcomeReport:
    """After its responses are recorded: the report, its Bengali translation, sent; and the
    organisation's public page switched on."""
    report = report_create(actor=staff, consultation=consultation, language="en", **ENGLISH)
    report_translation_save(actor=staff, report=report, language="bn", **BENGALI)
    report_send(actor=staff, report=report)
    Organisation.objects.filter(pk=organisation.pk).update(publishes_outcomes=True)
    organisation.publishes_outcomes = True
    return report


VILLAGES = {
    "heard": (
        "Hold the sessions where women already go: the health worker's yard, the school, the "
        "savings group. Never at the union office, where the agents wait. Meet in the afternoon, "
        "never on the day the agent's van comes."
    ),
    "changed": (
        "Every session is now in the health worker's yard or the school, in the afternoon. The "
        "savings group leaders choose the days with us."
    ),
    "unchanged": (
        "There are no sessions on Fridays yet: the trainers are not free that day. We are "
        "training two more trainers who are."
    ),
    "next_steps": (
        "The first sessions are in January. Amar Kantha will tell you the days, as it told you "
        "about this consultation."
    ),
}

VILLAGES_BN = {
    "heard": (
        "যেখানে নারীরা আগে থেকেই যান, সেখানে সেশন করুন: স্বাস্থ্যকর্মীর উঠোন, স্কুল, সঞ্চয় দল। "
        "ইউনিয়ন অফিসে কখনো নয়, সেখানে দালালরা অপেক্ষা করে। বিকেলে মিলুন, দালালের গাড়ি যেদিন "
        "আসে সেদিন কখনো নয়।"
    ),
    "changed": (
        "প্রতিটি সেশন এখন বিকেলে, স্বাস্থ্যকর্মীর উঠোনে বা স্কুলে হয়। সঞ্চয় দলের নেত্রীরা "
        "আমাদের সাথে দিন ঠিক করেন।"
    ),
    "unchanged": (
        "শুক্রবারে এখনো সেশন নেই: সেদিন প্রশিক্ষকরা সময় পান না। আমরা আরও দুজন প্রশিক্ষক তৈরি "
        "করছি, যাঁরা সেদিন পারবেন।"
    ),
    "next_steps": (
        "প্রথম সেশনগুলো জানুয়ারিতে। আমার কণ্ঠ আপনাদের দিনগুলো জানাবে, যেমন এই মতামত সংগ্রহের কথা জানিয়েছিল।"
    ),
}


def demo_village_report(*, staff: User, consultation: Consultation) -> OutcomeReport:
    """The report on the village sessions, where eleven people took part through Amar Kantha
    (so it is on the public page too): sent to the collective's facilitators, in Bengali,
    to read to the members."""
    report = report_create(actor=staff, consultation=consultation, language="en", **VILLAGES)
    report_translation_save(actor=staff, report=report, language="bn", **VILLAGES_BN)
    report_send(actor=staff, report=report)
    return report
