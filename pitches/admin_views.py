"""The reviewers' and organisers' pages of a call: the ranking, one application's review, the
decisions with their emails shown before they go, and the audience's vote as it comes in."""

from django.contrib import admin, messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from common import roles
from outbox.models import Email
from outbox.sending import build_message
from pitches import emails, services
from pitches.forms import ReviewForm
from pitches.models import Application, Call
from pitches.ranking import ranked
from pitches.results import vote_results
from pitches.views import deck_response

REVIEW = "pitches.review_application"
DECIDE = "pitches.decide_application"


def needs(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise roles.NeedsPermission(permission)


def the_call(call_id: int) -> Call:
    return get_object_or_404(Call.objects.select_related("edition"), pk=call_id)


def page(request: HttpRequest, template: str, title: str, context: dict) -> TemplateResponse:
    return TemplateResponse(
        request, template, admin.site.each_context(request) | {"title": title} | context
    )


def ranking(request: HttpRequest, call_id: int) -> HttpResponse:
    needs(request, REVIEW)
    call = the_call(call_id)
    categories = list(call.categories.all())
    chosen = next((c for c in categories if str(c.pk) == request.GET.get("category")), None)
    applications = call.applications.all()
    if chosen:
        applications = applications.filter(category=chosen)
    rows = ranked(call, applications, reviewer=request.user)
    deciding = request.user.has_perm(DECIDE)
    return page(
        request,
        "pitches/admin/ranking.html",
        _("Applications to pitch at %(edition)s") % {"edition": call.edition.title},
        {
            "call": call,
            "rows": rows,
            "categories": categories,
            "chosen": chosen,
            # Reviewers see others' scores only once they have given their own.
            "sees_all": deciding,
            "deciding": deciding,
        },
    )


def review(request: HttpRequest, application_id: int) -> HttpResponse:
    needs(request, REVIEW)
    application = get_object_or_404(
        Application.objects.submitted().select_related("call__edition", "category"),
        pk=application_id,
    )
    call = application.call
    criteria = list(call.criteria.all())
    reviews = list(application.reviews.select_related("reviewer").prefetch_related("scores"))
    mine = next((r for r in reviews if r.reviewer_id == request.user.pk), None)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        criteria=criteria,
        initial=ReviewForm.initial_for(mine),
    )
    if request.method == "POST" and form.is_valid():
        services.save_review(
            application=application,
            reviewer=request.user,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
            conflict=form.cleaned_data["conflict"],
        )
        messages.success(request, _("Your review is saved."))
        return redirect("pitches_admin:ranking", call_id=call.pk)
    weights = {criterion.pk: criterion for criterion in criteria}
    others = [
        {
            "review": other,
            "scores": [(weights[s.criterion_id], s.value) for s in other.scores.all()],
        }
        for other in reviews
        if other.reviewer_id != request.user.pk
    ]
    scored = mine is not None and not mine.conflict
    return page(
        request,
        "pitches/admin/review.html",
        str(application),
        {
            "call": call,
            "application": application,
            "form": form,
            "others": others if scored or request.user.has_perm(DECIDE) else None,
            "mine": mine,
        },
    )


def deck(request: HttpRequest, application_id: int) -> FileResponse:
    needs(request, REVIEW)
    return deck_response(get_object_or_404(Application.objects.submitted(), pk=application_id))


def decisions(request: HttpRequest, call_id: int) -> HttpResponse:
    needs(request, DECIDE)
    call = the_call(call_id)
    if request.method == "POST":
        chosen = {
            application.pk: request.POST.get(f"decision_{application.pk}", "")
            for application in call.applications.submitted()
        }
        valid = {value for value, _label in Application.Decision.choices} | {""}
        services.record_decisions(
            call=call,
            decisions={pk: value for pk, value in chosen.items() if value in valid},
            user=request.user,
        )
        messages.success(request, _("Your decisions are kept. Nothing has been sent yet."))
        if "review_emails" in request.POST:
            return redirect("pitches_admin:send_decisions", call_id=call.pk)
        return redirect(request.path)
    return page(
        request,
        "pitches/admin/decisions.html",
        _("Decisions on the pitches for %(edition)s") % {"edition": call.edition.title},
        {
            "call": call,
            "rows": ranked(call),
            "choices": Application.Decision.choices,
            "to_send": services.decisions_to_apply(call).count(),
        },
    )


def preview(application: Application, status: str) -> dict:
    """The email a decision sends, as the applicant will read it (in their language)."""
    saved = application.status
    application.status = status
    row = Email(kind=emails.DECISION_KINDS[status], person=application)
    message = build_message(row)
    application.status = saved
    return {"subject": message.subject, "body": message.body, "language": application.language}


def send_decisions(request: HttpRequest, call_id: int) -> HttpResponse:
    needs(request, DECIDE)
    call = the_call(call_id)
    pending = list(services.decisions_to_apply(call).select_related("call__edition", "category"))
    if request.method == "POST":
        counts = services.apply_decisions(call=call, user=request.user)
        messages.success(
            request,
            _("Decisions sent: %(accepted)d accepted, %(reserve)d reserve, %(declined)d declined.")
            % {status: counts.get(status, 0) for status in ("accepted", "reserve", "declined")},
        )
        return redirect("pitches_admin:decisions", call_id=call.pk)
    examples = []
    for status, label in Application.Decision.choices:
        chosen = [a for a in pending if a.decision == status]
        for language in dict.fromkeys(a.language for a in chosen):
            example = next(a for a in chosen if a.language == language)
            example.confirm_by = example.confirm_by or services.deadline_if_accepted(call)
            with translation.override(language):
                examples.append({"label": label, "count": len(chosen), **preview(example, status)})
    return page(
        request,
        "pitches/admin/send_decisions.html",
        _("Send the decisions"),
        {
            "call": call,
            "pending": pending,
            "examples": examples,
            "back": reverse("pitches_admin:decisions", kwargs={"call_id": call.pk}),
        },
    )


def votes(request: HttpRequest, call_id: int) -> HttpResponse:
    needs(request, DECIDE)
    call = the_call(call_id)
    return page(
        request,
        "pitches/admin/votes.html",
        _("The audience's vote"),
        {"call": call, "results": vote_results(call), "session": call.voting_session()},
    )
