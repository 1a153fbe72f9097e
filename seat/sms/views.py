"""The providers' webhook: check the signature, hand the message to the service, acknowledge."""

from __future__ import annotations

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from seat.sms.gateways import BadInbound, inbound_gateway
from seat.sms.services import sms_receive


@csrf_exempt  # the provider signs the request instead; it has no session or form
@require_POST
def inbound(request: HttpRequest, provider: str) -> HttpResponse:
    gateway = inbound_gateway(provider)
    if gateway is None:
        raise Http404
    if not gateway.verify(request):
        return HttpResponseForbidden()
    try:
        message = gateway.parse(request)
    except BadInbound:
        return HttpResponseBadRequest()
    sms_receive(message=message)
    body, content_type = gateway.acknowledge()
    return HttpResponse(body, content_type=content_type)
