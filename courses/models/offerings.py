"""Offerings of a course, the trainees who enrol in them, and what happens in a run:
sessions, attendance and the units each trainee has studied."""

import datetime
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any, Self

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from core.languages import in_reader_language
from core.models import Institution, Role, User
from core.models.terms import check_term
from core.panels import in_each_language
from core.privacy import ERASED
from courses.choices import DeliveryMode
from courses.models.pages import CoursePage
from courses.panels import OfferingVersionPanel
from curriculum.models import LANGUAGE_CHOICES, Certified

# What an offering keeps of the course version it pinned: the rest (the words, the title)
# is read from the version only where trainees read the course.
TAUGHT_FIELDS = (
    "units",
    "assessment",
    "readings",
    "materials",
    "pass_mark",
    "attendance_threshold",
    "credits",
)

# The roles that run offerings: administrators manage them, faculty teach and record results.
STAFF_ROLES = (Role.INSTITUTION_ADMIN, Role.FACULTY)
MANAGING_ROLES = (Role.INSTITUTION_ADMIN,)


class CourseOfferingQuerySet(models.QuerySet["CourseOffering"]):
    def for_user(self, user: User | AnonymousUser, roles: Sequence[Role] = STAFF_ROLES) -> Self:
        """Offerings of the institutions where the user runs courses (in one of `roles`)."""
        return self.filter(
            institution__in=Institution.objects.with_role(user, roles)
        ).select_related("course", "course_revision", "institution")

    def managed_by(self, user: User | AnonymousUser) -> Self:
        """Offerings the user may change: those of the institutions they administer."""
        return self.for_user(user, MANAGING_ROLES)

    def open_for_enrolment(self, now: datetime.datetime) -> Self:
        return self.filter(
            status=CourseOffering.Status.OPEN,
            enrolment_opens_at__lte=now,
            enrolment_closes_at__gt=now,
        )

    def taking_applications(self, now: datetime.datetime) -> Self:
        """Open offerings whose enrolment has not closed: open now, or opening later."""
        return self.filter(status=CourseOffering.Status.OPEN, enrolment_closes_at__gt=now)

    def keeping_a_version(self) -> Self:
        """Offerings on the course version they pinned that are still to be taught or being
        taught, each with its `grades` counted: a publish of the course leaves them as they are."""
        return self.filter(
            status__in=CourseOffering.STILL_TAUGHT, course_revision__isnull=False
        ).annotate(grades=models.Count("enrolments__grades"))

    def with_seats_taken(self) -> Self:
        """Each offering with `seats_taken`, the trainees enrolled, for `seats_left`."""
        return self.annotate(
            seats_taken=models.Count(
                "enrolments", filter=models.Q(enrolments__status=Enrolment.Status.ENROLLED)
            )
        )


class CourseOffering(ClusterableModel):
    """One run of a published course (a cohort) that trainees enrol in."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for enrolment")
        CLOSED = "closed", _("Enrolment closed")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    # Opened and not yet over: the course version such an offering pinned is still in use.
    STILL_TAUGHT = (Status.OPEN, Status.CLOSED, Status.RUNNING)

    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.PROTECT, related_name="offerings"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    code = models.CharField(
        _("offering code"),
        max_length=40,
        help_text=_("Unique in your institution, e.g. TS-301-2027A."),
    )
    term = models.ForeignKey(
        "core.Term",
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=20, choices=DeliveryMode.choices
    )
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1)], help_text=_("Seats for trainees.")
    )
    enrolment_opens_at = models.DateTimeField(_("enrolment opens"))
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"))
    eligible_levels = models.ManyToManyField(
        "curriculum.ProfessionalLevel",
        verbose_name=_("eligible professional levels"),
        blank=True,
        help_text=_("Leave empty to admit every level."),
    )
    eligible_employer_kinds = models.ManyToManyField(
        "curriculum.EmployerKind",
        verbose_name=_("eligible kinds of employer"),
        blank=True,
        help_text=_("Leave empty to admit trainees from every kind of employer."),
    )
    eligible_regions = models.ManyToManyField(
        "core.Region",
        verbose_name=_("eligible regions"),
        blank=True,
        help_text=_("Trainees working in these regions (or inside them); empty admits all."),
    )
    waitlist = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the offering is full, later applicants wait for a free seat."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    questionnaire = models.ForeignKey(
        "courses.Questionnaire",
        verbose_name=_("course evaluation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offerings",
        help_text=_(
            "The questionnaire trainees answer, anonymously, once the offering has started."
        ),
    )

    # The course as it was published when the offering opened: what its trainees are taught,
    # graded on and certified for, whatever the course's later revisions say.
    course_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("course version"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    course_pinned_at = models.DateTimeField(_("course version since"), null=True, editable=False)

    objects = CourseOfferingQuerySet.as_manager()
    institution_roles = MANAGING_ROLES

    panels = [
        OfferingVersionPanel(),
        MultiFieldPanel(
            [
                FieldPanel("course"),
                FieldRowPanel([FieldPanel("institution"), FieldPanel("code"), FieldPanel("term")]),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldRowPanel(
                    [FieldPanel("delivery_mode"), FieldPanel("language"), FieldPanel("status")]
                ),
            ],
            heading=_("The run"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("waitlist")]),
                FieldRowPanel(
                    [FieldPanel("enrolment_opens_at"), FieldPanel("enrolment_closes_at")]
                ),
                FieldPanel("eligible_levels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("eligible_employer_kinds", widget=forms.CheckboxSelectMultiple),
                FieldPanel("eligible_regions"),
            ],
            heading=_("Enrolment"),
        ),
        FieldPanel("questionnaire", widget=forms.Select),
        InlinePanel("sessions", heading=_("Sessions"), label=_("Session")),
    ]

    class Meta:
        verbose_name = _("course offering")
        verbose_name_plural = _("course offerings")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"], name="courses_offering_unique_code"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="courses_offering_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(enrolment_closes_at__gt=models.F("enrolment_opens_at")),
                name="courses_offering_window_order",
            ),
        ]
        # Named as Wagtail's permission policies name an action on a model.
        permissions = [
            ("record_results_courseoffering", _("Can record attendance and grades")),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.course.title}"

    # Set by CourseOfferingQuerySet.with_seats_taken.
    seats_taken: int

    def save(self, *args: Any, **kwargs: Any) -> None:
        """An offering keeps the course version it opened with: pinned when it leaves draft."""
        if self.status != self.Status.DRAFT and self.course_revision_id is None:
            self.pin_course()
            if (fields := kwargs.get("update_fields")) is not None:
                kwargs["update_fields"] = {*fields, "course_revision", "course_pinned_at"}
        super().save(*args, **kwargs)

    def pin_course(self, now: datetime.datetime | None = None) -> None:
        """Teach the course's published revision from now on (not saved here); read from the
        database, as a course object in hand may predate the latest publish."""
        self.course_revision_id = (
            CoursePage.objects.filter(pk=self.course_id)
            .values_list("live_revision_id", flat=True)
            .first()
        )
        self.course_pinned_at = (now or timezone.now()) if self.course_revision_id else None
        self.__dict__.pop("course_taught", None)

    @cached_property
    def course_taught(self) -> CoursePage:
        """The course with what this offering teaches, grades and certifies as its pinned
        revision has it (`TAUGHT_FIELDS`), read without a query beyond the revision; the course
        as it stands while the offering is a draft. `courses.learning.version_read` adds the
        words, for reading."""
        if self.course_revision is None:
            return self.course
        return self.course.with_fields_of(self.course_revision.content, TAUGHT_FIELDS)

    @property
    def on_earlier_version(self) -> bool:
        """Whether the course was published again since the offering pinned it."""
        return (
            self.course_revision_id is not None
            and self.course_revision_id != self.course.live_revision_id
        )

    @property
    def may_move_version(self) -> bool:
        """Whether staff may move the offering to the course's published revision: only
        before its run ends and before anyone is graded, so no result changes meaning."""
        return (
            self.on_earlier_version
            and self.status in self.STILL_TAUGHT
            and not self.enrolments.filter(grades__isnull=False).exists()
        )

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    def takes_applications(self, now: datetime.datetime) -> bool:
        """Open, and its enrolment has not closed (it may open later)."""
        return self.status == self.Status.OPEN and now < self.enrolment_closes_at

    def enrolment_is_open(self, now: datetime.datetime) -> bool:
        return (
            self.status == self.Status.OPEN
            and self.enrolment_opens_at <= now < self.enrolment_closes_at
        )

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An offering cannot end before it starts.")})
        if (
            self.enrolment_opens_at
            and self.enrolment_closes_at
            and self.enrolment_closes_at <= self.enrolment_opens_at
        ):
            raise ValidationError(
                {"enrolment_closes_at": _("Enrolment must close after it opens.")}
            )
        if (
            self.course_id
            and self.institution_id
            and self.course.institution_id != (self.institution_id)
        ):
            raise ValidationError({"course": _("Choose one of your institution's own courses.")})
        check_term(self, self.institution_id)


class Session(models.Model):
    """One meeting of an offering, in a room or online; attendance is taken per session."""

    offering = ParentalKey(CourseOffering, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    topic_es = models.CharField(_("topic in Spanish"), max_length=200, blank=True)
    topic_zh_hans = models.CharField(_("topic in Chinese"), max_length=200, blank=True)
    topic_en = models.CharField(_("topic in English"), max_length=200, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_es = models.CharField(_("venue in Spanish"), max_length=200, blank=True)
    venue_zh_hans = models.CharField(_("venue in Chinese"), max_length=200, blank=True)
    venue_en = models.CharField(_("venue in English"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("topic"),
        in_each_language("topic"),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("online_link")]),
        in_each_language("venue"),
    ]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="courses_session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        when = formats.date_format(timezone.localtime(self.starts_at), "SHORT_DATETIME_FORMAT")
        return f"{when} · {topic}" if (topic := self.topic_read) else when

    @property
    def topic_read(self) -> str:
        """The topic in the reader's language, else as written."""
        return in_reader_language(self, "topic")

    @property
    def venue_read(self) -> str:
        """The room in the reader's language, else as written."""
        return in_reader_language(self, "venue")

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        if not self.venue and not self.online_link:
            raise ValidationError(
                {"venue": _("Say where the session meets: a venue, an online link, or both.")}
            )


def masked(id_number: str) -> str:
    """An identity number as lists show it: its last four characters only."""
    if not id_number:
        return ""
    return "•" * max(len(id_number) - 4, 0) + id_number[-4:]


class TraineeQuerySet(models.QuerySet["Trainee"]):
    def for_user(self, user: User | AnonymousUser, roles: Sequence[Role] = STAFF_ROLES) -> Self:
        """Trainees who have applied to an offering of an institution where the user works."""
        offerings = CourseOffering.objects.for_user(user, roles)
        return self.filter(
            pk__in=Enrolment.objects.filter(offering__in=offerings).values("trainee_id")
        ).select_related("professional_level")

    def managed_by(self, user: User | AnonymousUser) -> Self:
        return self.for_user(user, MANAGING_ROLES)


# modelcluster has no types, so mypy sees no manager on the ClusterableModels that refer to it.
class Trainee(Certified):  # type: ignore[django-manager-missing]
    """A person who trains: grassroots staff, a student or a certified social worker.

    The identity-document number is sensitive: lists and exports show it masked.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainee",
        help_text=_("Empty for an erased trainee's records, kept anonymous for the figures."),
    )
    family_name = models.CharField(_("family name"), max_length=80)
    given_name = models.CharField(_("given name"), max_length=80)
    id_number = models.CharField(
        _("identity-document number"),
        max_length=40,
        blank=True,
        help_text=_("Shown in full only to authorised staff of your institutions."),
    )
    id_number_source = models.ForeignKey(
        "core.Institution",
        verbose_name=_("identity number entered by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The institution that typed the identity number in; empty when the trainee gave it. "
            "Other institutions see it masked."
        ),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    employer_kind = models.ForeignKey(
        "curriculum.EmployerKind",
        verbose_name=_("kind of employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    post = models.CharField(_("post"), max_length=120, blank=True)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region of work"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    years_of_experience = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    consents_to_data_use = models.BooleanField(
        _("consents to the use of their data for training records"), default=False
    )

    objects = TraineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        if self.family_name == self.given_name == ERASED:
            return str(_("Personal data erased"))
        return f"{self.family_name} {self.given_name}"

    @property
    def masked_id_number(self) -> str:
        return masked(self.id_number)

    def id_number_shown_to(self, institutions: Iterable[Institution]) -> bool:
        """Whether staff of `institutions` see the identity number in full: the trainee gave it
        (to every institution they enrol with), or one of them typed it in."""
        return self.id_number_source_id is None or self.id_number_source_id in {
            i.pk for i in institutions
        }


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def for_user(self, user: User | AnonymousUser) -> Self:
        return self.filter(offering__in=CourseOffering.objects.for_user(user))

    def holding_seats(self) -> Self:
        """Enrolments that count as taking the course: enrolled now, or finished it."""
        return self.filter(
            status__in=[
                Enrolment.Status.ENROLLED,
                Enrolment.Status.COMPLETED,
                Enrolment.Status.FAILED,
            ]
        )


class Enrolment(models.Model):
    """A trainee's place in an offering: applied, enrolled or waitlisted, then how it ended."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waiting list")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Not passed")
        NO_SHOW = "no-show", _("Did not attend")

    ACTIVE = (Status.APPLIED, Status.ENROLLED, Status.WAITLISTED)
    # How a place ends when its offering finishes: the outcomes the quality figures count.
    ENDED_BY_RESULT = (Status.COMPLETED, Status.FAILED, Status.NO_SHOW)

    offering = models.ForeignKey(
        CourseOffering,
        verbose_name=_("offering"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    final_score = models.DecimalField(
        _("final score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Frozen when the offering finishes, from the grades it certified."),
    )

    objects = EnrolmentQuerySet.as_manager()
    # The share of its units studied, set only on the trainee's dashboard (courses.learning).
    progress: int

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["offering", "applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "trainee"], name="courses_enrolment_one_per_offering"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.offering.code}"


class EnrolmentInvitationQuerySet(models.QuerySet["EnrolmentInvitation"]):
    def pending(self, now: datetime.datetime) -> Self:
        return self.filter(status=EnrolmentInvitation.Status.PENDING, expires_at__gt=now)


class EnrolmentInvitation(models.Model):
    """An institution's invitation to a person, named by e-mail, to take a place in one of its
    offerings. Staff never enrol an account by themselves: the person accepts (and then the
    details typed here fill in a profile they do not have yet) or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    offering = models.ForeignKey(
        CourseOffering,
        verbose_name=_("offering"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="enrolment_invitations",
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    # As the institution typed them; the person's own profile, if any, is never overwritten.
    family_name = models.CharField(_("family name"), max_length=80)
    given_name = models.CharField(_("given name"), max_length=80)
    id_number = models.CharField(_("identity-document number"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    post = models.CharField(_("post"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = EnrolmentInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment invitation")
        verbose_name_plural = _("enrolment invitations")
        ordering = ["offering", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "user"], name="courses_invitation_once_per_offering"
            )
        ]

    def __str__(self) -> str:
        return f"{self.family_name} {self.given_name} · {self.offering.code}"

    @property
    def masked_id_number(self) -> str:
        return masked(self.id_number)


class Attendance(models.Model):
    """Whether a trainee came to a session, as the offering's staff recorded it."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    # A late trainee attended; an excused one did not, but the absence is explained.
    ATTENDED = (Status.PRESENT, Status.LATE)

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="courses_attendance_one_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.get_status_display()}"


class UnitProgress(models.Model):
    """A unit of the course that a trainee has marked as studied."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="studied_units")
    unit_id = models.CharField(max_length=64, help_text="The unit block's id on the course page.")
    studied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "unit_id"], name="courses_unitprogress_once"
            )
        ]

    def __str__(self) -> str:
        return self.unit_id
