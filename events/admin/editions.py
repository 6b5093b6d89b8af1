"""The series and its editions: texts, dates, look, registration window, copying."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from common import audit
from common.admin_extensions import ExtensibleAdmin
from events import services
from events.admin.lists import LocalTimeAdminMixin, zone_from_name
from events.admin.materials import EditionMaterialInline
from events.models import (
    Contact,
    Edition,
    EditionLink,
    EditionPage,
    EditionPartner,
    Objective,
    Series,
    validate_edition_slug,
    validate_time_zone,
)


class ObjectiveInline(TranslationTabularInline):
    model = Objective
    extra = 0


class EditionPartnerInline(TranslationTabularInline):
    model = EditionPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class EditionLinkInline(TranslationTabularInline):
    model = EditionLink
    extra = 0


class EditionPageInline(TranslationStackedInline):
    model = EditionPage
    extra = 0


@admin.register(Series)
class SeriesAdmin(TranslationAdmin):
    list_display = ["name", "organiser"]
    prepopulated_fields = {"slug": ["name"]}


class EditionForm(forms.ModelForm):
    """Publishing asks first when the texts still name the last edition's dates."""

    publish_anyway = forms.BooleanField(
        label=_("Publish although texts still name the last edition's dates"),
        required=False,
    )

    class Meta:
        model = Edition
        fields = ["is_published"]  # the admin's fieldsets name the rest
        # A colour picker (the browser's own); the contrast check stays the model's.
        widgets = {"accent_colour": forms.TextInput(attrs={"type": "color"})}

    def _post_clean(self):
        super()._post_clean()  # the edition now holds the form's values
        edition = self.instance
        if not edition.is_published or self.cleaned_data.get("publish_anyway"):
            return
        if edition.pk and Edition.objects.filter(pk=edition.pk, is_published=True).exists():
            return  # published already
        if mentions := services.outdated_mentions(edition):
            self.add_error(
                "is_published",
                _(
                    "These texts still name the last edition's dates: %(texts)s. Correct them, "
                    "or tick “Publish although texts still name the last edition's dates”."
                )
                % {"texts": "; ".join(f"{where}: “{text[:60]}…”" for where, text in mentions)},
            )


@admin.register(Edition)
class EditionAdmin(ExtensibleAdmin, LocalTimeAdminMixin, TranslationAdmin):
    list_display = ["title", "city", "start_date", "end_date", "is_published"]
    list_filter = ["is_published", ("series", admin.RelatedOnlyFieldListFilter), "country"]
    search_fields = ["title_en", "title_it", "theme_en", "theme_it", "city"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["venue"]
    form = EditionForm
    inlines = [
        ObjectiveInline,
        EditionPartnerInline,
        ContactInline,
        EditionLinkInline,
        EditionPageInline,
        EditionMaterialInline,
    ]
    local_time_fields = ("registration_opens_at", "registration_closes_at")
    readonly_fields = ["outdated_texts"]
    actions = ["copy_edition"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "series",
                    "number_in_series",
                    "title",
                    "slug",
                    "is_published",
                    "publish_anyway",
                    "outdated_texts",
                ]
            },
        ),
        (_("Theme"), {"fields": ["theme", "subtitle", "summary", "description", "context"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "start_date",
                    "end_date",
                    "time_zone",
                    "city",
                    "host_region",
                    "country",
                    "venue",
                ]
            },
        ),
        (_("Look"), {"fields": ["accent_colour", "header_image"]}),
        (
            _("After the edition"),
            {"fields": ["report", "highlights", "participant_count", "country_count"]},
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_opens_at",
                    "registration_closes_at",
                    "capacity",
                    "attendance_note",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        services.save_edition(edition=obj)

    @admin.display(description=_("texts still naming the last edition's dates"))
    def outdated_texts(self, edition: Edition) -> str:
        mentions = services.outdated_mentions(edition) if edition.pk else []
        if not mentions:
            return _("None found.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li><strong>{}</strong>: {}</li>", mentions),
        )

    @admin.action(description=_("Copy the selected edition to new dates…"))
    def copy_edition(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one edition to copy."), messages.ERROR)
            return None
        source = queryset.get()
        form = CopyEditionForm(request.POST if "apply" in request.POST else None, source=source)
        if form.is_valid():
            copy = services.copy_edition(
                source=source,
                new_slug=form.cleaned_data["new_slug"],
                new_start=form.cleaned_data["start_date"],
                new_title=form.cleaned_data["title"] or None,
                time_zone=form.cleaned_data["time_zone"],
            )
            audit.record(request.user, [copy], _("Copied from %(source)s."), source=str(source))
            self.message_user(
                request,
                _("“%(copy)s” was created, not published yet: check its texts, then publish it.")
                % {"copy": copy},
            )
            return redirect("admin:events_edition_change", copy.pk)
        return TemplateResponse(
            request,
            "admin/events/edition/copy.html",
            {**self.admin_site.each_context(request), "form": form, "source": source,
             "opts": self.model._meta, "title": _("Copy %(edition)s") % {"edition": source}},
        )  # fmt: skip

    def zone_for_request(self, request, object_id):
        if request.method == "POST":
            return zone_from_name(request.POST.get("time_zone"))
        if object_id:
            edition = Edition.objects.filter(pk=object_id).only("time_zone").first()
            return edition.tz if edition else None
        return None


class CopyEditionForm(forms.Form):
    new_slug = forms.SlugField(
        label=_("slug of the copy"), validators=[validate_edition_slug], max_length=50
    )
    start_date = forms.DateField(
        label=_("first day of the copy"), widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(
        label=_("title of the copy"),
        required=False,
        help_text=_("Empty: the source's title with the new year."),
    )
    time_zone = forms.CharField(
        label=_("time zone"), validators=[validate_time_zone], max_length=64
    )

    def __init__(self, *args, source: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = source.time_zone

    def clean_new_slug(self) -> str:
        slug = self.cleaned_data["new_slug"]
        if Edition.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("An edition with this slug exists already."))
        return slug
