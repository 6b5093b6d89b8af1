"""The participants' area: sign-in, my page, my profile and entries, directory, marketplace."""

import functools

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from common.parsing import parse_id
from events.models import Edition
from events.shortcuts import get_public_edition
from networking import access, services
from networking.cards import entry_cards, profile_cards
from networking.directory import (
    DirectoryFilters,
    entry_page,
    profile_page,
)
from networking.forms import DirectoryFilterForm, EntryForm, ProfileForm, SignInForm
from networking.listing import filters_asked, listing, my_page
from networking.models import Bookmark, Entry, Profile, Sector
from registrations.models import Registration
from registrations.ratelimit import allow_submission

PAGE_SIZE = 20


def participants_only(view):
    """Let in confirmed participants of the edition and organisers; tell others why not."""

    @functools.wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, edition_slug: str, *args, **kwargs) -> HttpResponse:
        edition = get_public_edition(edition_slug)
        visitor = access.visitor(request, edition)
        if not visitor.may_enter:
            return outside(request, edition, visitor)
        return view(request, edition, visitor, *args, **kwargs)

    return wrapper


def outside(request: HttpRequest, edition: Edition, visitor: access.Visitor) -> HttpResponse:
    """The page for someone who may not enter: why, and how to sign in when that helps."""
    return render(
        request,
        "networking/outside.html",
        {"edition": edition, "visitor": visitor, "form": SignInForm()},
        status=403 if visitor.registration else 200,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_sign_in(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    if request.method != "POST":
        return redirect("networking:area", edition_slug=edition.slug)
    if not allow_submission(request, "participant-sign-in"):
        return render(request, "429.html", {"edition": edition}, status=429)
    form = SignInForm(request.POST)
    if not form.is_valid():
        visitor = access.visitor(request, edition)
        return render(
            request,
            "networking/outside.html",
            {"edition": edition, "visitor": visitor, "form": form},
            status=400,
        )
    services.send_sign_in_link(edition, form.cleaned_data["email"])
    return render(request, "networking/check_email.html", {"edition": edition})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """A button that signs in; only pressing it spends the one-time link (mail scanners GET)."""
    edition = get_public_edition(edition_slug)
    if request.method == "POST":
        registration = services.use_sign_in_link(token, edition=edition)
        if registration is not None:
            access.sign_in(request, registration)
            return redirect("networking:area", edition_slug=edition.slug)
        return render(request, "networking/link_invalid.html", {"edition": edition}, status=410)
    return render(request, "networking/sign_in.html", {"edition": edition})


@require_POST
def enter(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """Sign in from the manage page's button, with the manage link's token in the form.

    Only a button does it (a POST with the page's CSRF token): opening a link never signs a
    browser in, so no other site can sign a visitor into someone else's area.
    """
    edition = get_public_edition(edition_slug)
    registration = (
        Registration.objects.select_related("edition")
        .filter(edition=edition, manage_token=request.POST.get("token", ""))
        .first()
    )
    if registration is None:
        return render(request, "networking/link_invalid.html", {"edition": edition}, status=410)
    access.sign_in(request, registration)
    return redirect("networking:area", edition_slug=edition.slug)


@require_POST
def sign_out(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    access.sign_out(request, edition)
    messages.success(request, _("You are signed out of the participants' area."))
    return redirect("networking:area", edition_slug=edition.slug)


@participants_only
def area(request: HttpRequest, edition: Edition, visitor: access.Visitor) -> HttpResponse:
    """My page: my profile's state, suggestions, my entries and bookmarks."""
    context = {"edition": edition, "visitor": visitor}
    if visitor.is_participant:
        mine = my_page(edition, visitor.registration)
        context |= {
            "my_page": mine.html,
            "earlier_profile": (
                services.earlier_profile(visitor.registration) if mine.profile_is_empty else None
            ),
        }
    return render(request, "networking/area.html", context)


@participants_only
def edit_profile(request: HttpRequest, edition: Edition, visitor: access.Visitor) -> HttpResponse:
    if not visitor.is_participant:
        raise Http404  # organisers have no profile of their own
    profile = services.profile_for(visitor.registration)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        if not profile.listed:
            saved = _("Your profile is saved; it is not in the directory.")
        elif Profile.objects.in_directory(edition).filter(pk=profile.pk).exists():
            saved = _("Your profile is saved; it is in the directory.")
        elif profile.hidden_at:
            saved = _("Your profile is saved; the organisers have hidden it from the directory.")
        else:
            saved = _("Your profile is saved; it appears in the directory once approved.")
        messages.success(request, saved)
        return redirect("networking:area", edition_slug=edition.slug)
    return render(
        request,
        "networking/profile_form.html",
        {"edition": edition, "visitor": visitor, "form": form},
    )


@require_POST
@participants_only
def start_from_earlier(request: HttpRequest, edition: Edition, visitor: access.Visitor):
    if not visitor.is_participant or not (
        earlier := services.earlier_profile(visitor.registration)
    ):
        raise Http404
    services.start_from_earlier_profile(services.profile_for(visitor.registration), earlier)
    messages.success(
        request,
        _(
            "Your profile starts from the one of %(edition)s. Check it, then choose whether "
            "to be listed."
        )
        % {"edition": earlier.registration.edition.title},
    )
    return redirect("networking:edit_profile", edition_slug=edition.slug)


def filter_form(asked: QueryDict, edition: Edition) -> DirectoryFilterForm:
    present = (
        Profile.objects.in_directory(edition)
        .values_list("registration__country", flat=True)
        .distinct()
    )
    return DirectoryFilterForm(asked, present_countries=list(present))


@participants_only
def directory(request: HttpRequest, edition: Edition, visitor: access.Visitor) -> HttpResponse:
    asked = filters_asked(request)

    def shown() -> dict:
        form = filter_form(asked, edition)
        profiles = DirectoryFilters(**form.values()).apply_to_profiles(
            Profile.objects.in_directory(edition)
        )
        page = profile_page(profiles, asked.get("page"), PAGE_SIZE)
        return {"form": form, "page": page, "cards": profile_cards(edition, list(page))}

    html = listing(
        edition,
        "networking/_directory_listing.html",
        asked,
        shown,
        card_template="networking/_profile_card.html",
    )
    return render(
        request,
        "networking/directory.html",
        {"edition": edition, "visitor": visitor, "listing": html},
    )


@participants_only
def marketplace(request: HttpRequest, edition: Edition, visitor: access.Visitor) -> HttpResponse:
    asked = filters_asked(request)

    def shown() -> dict:
        form = filter_form(asked, edition)
        entries = DirectoryFilters(**form.values()).apply_to_entries(Entry.objects.visible(edition))
        page = entry_page(entries, asked.get("page"), PAGE_SIZE)
        return {"form": form, "page": page, "cards": entry_cards(edition, list(page))}

    html = listing(
        edition,
        "networking/_marketplace_listing.html",
        asked,
        shown,
        card_template="networking/_entry_card.html",
    )
    return render(
        request,
        "networking/marketplace.html",
        {"edition": edition, "visitor": visitor, "listing": html},
    )


@participants_only
def profile_detail(
    request: HttpRequest, edition: Edition, visitor: access.Visitor, pk: int
) -> HttpResponse:
    visible = Profile.objects.in_directory(edition)
    if visitor.is_participant:
        visible = visible | Profile.objects.filter(registration=visitor.registration)
    profile = get_object_or_404(
        visible.select_related("registration").prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.all()),
            Prefetch(
                "entries",
                queryset=Entry.objects.filter(hidden_at__isnull=True).prefetch_related("sectors"),
            ),
        ),
        pk=pk,
    )
    return render(
        request,
        "networking/profile_detail.html",
        {
            "edition": edition,
            "visitor": visitor,
            "profile": profile,
            "is_bookmarked": visitor.is_participant
            and Bookmark.objects.filter(
                owner__registration=visitor.registration, profile=profile
            ).exists(),
        },
    )


@participants_only
def new_entry(request: HttpRequest, edition: Edition, visitor: access.Visitor) -> HttpResponse:
    if not visitor.is_participant:
        raise Http404
    profile = services.profile_for(visitor.registration)
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_entry(profile, form.save(commit=False), form.cleaned_data["sectors"])
        except services.TooManyEntriesError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Your entry is published."))
            return redirect("networking:area", edition_slug=edition.slug)
    return render(
        request,
        "networking/entry_form.html",
        {"edition": edition, "visitor": visitor, "form": form},
    )


@participants_only
def edit_entry(
    request: HttpRequest, edition: Edition, visitor: access.Visitor, pk: int
) -> HttpResponse:
    if not visitor.is_participant:
        raise Http404
    entry = get_object_or_404(Entry, pk=pk, profile__registration=visitor.registration)
    if request.method == "POST" and "delete" in request.POST:
        entry.delete()
        messages.success(request, _("Your entry is deleted."))
        return redirect("networking:area", edition_slug=edition.slug)
    form = EntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your entry is saved."))
        return redirect("networking:area", edition_slug=edition.slug)
    return render(
        request,
        "networking/entry_form.html",
        {"edition": edition, "visitor": visitor, "form": form, "entry": entry},
    )


@require_POST
@participants_only
def toggle_bookmark(request: HttpRequest, edition: Edition, visitor: access.Visitor):
    if not visitor.is_participant:
        raise Http404
    owner = services.profile_for(visitor.registration)
    target = {}
    if "profile" in request.POST:
        profile_id = parse_id(request.POST["profile"])
        target["profile"] = get_object_or_404(Profile.objects.in_directory(edition), pk=profile_id)
    elif "entry" in request.POST:
        entry_id = parse_id(request.POST["entry"])
        target["entry"] = get_object_or_404(Entry.objects.visible(edition), pk=entry_id)
    else:
        raise BadRequest("nothing to bookmark")
    deleted, _rows = Bookmark.objects.filter(owner=owner, **target).delete()
    if not deleted:
        Bookmark.objects.get_or_create(owner=owner, **target)
    messages.success(request, _("Bookmark removed.") if deleted else _("Bookmarked."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("networking:area", edition_slug=edition.slug)
