"""The editorial workflow: who may see, edit and move a story, and the one way states change.

Every state change goes through `transition()` (DESIGN rule 4): it checks the permission and
the state the story is in, runs the readiness checks, writes an audit entry and a revision,
and purges cached public pages once the change is committed. Content edits go through
`save_edit()`, an atomic compare-and-swap on `Article.version`, so no edit is ever lost.
The admin and any other caller only ask this module; they never set `status` themselves.
"""

from dataclasses import dataclass

from django.db import router, transaction
from django.db.models import F, Q
from django.db.models.signals import post_save
from django.utils import formats, timezone

from articles import readiness, signals, slugs
from articles.models import Article, AuditEntry, PublicState, SlugRedirect, Status

# Published stories readers cannot see yet: waiting for the publish time, or held back by an
# embargo. Not stored statuses: visibility is decided at query time (Article.visibility(),
# Article.objects.published()), so no job has to flip them.
SCHEDULED = PublicState.SCHEDULED.value
EMBARGOED = PublicState.EMBARGOED.value

STATE_LABELS = {**dict(Status.choices), SCHEDULED: "Scheduled", EMBARGOED: "Embargoed"}


# Fields an editor changes through the change form: every editable column. Status, publish
# time, author and version are editable=False: owned by this module, never written by a
# content save. Derived from the model so a field added later is saved and versioned too.
def content_fields():
    return [f for f in Article._meta.concrete_fields if f.editable and not f.primary_key]


CONTENT_FIELDS = [f.name for f in content_fields()]


class WorkflowError(Exception):
    """A step that cannot be taken now; the message says why, for the editor to read."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


class NotAllowed(WorkflowError):
    """The user lacks the right to take this step on this story (a 403, not a message)."""


class EditConflict(WorkflowError):
    """Someone else saved the story after the editor opened it."""

    def __init__(self, article):
        self.article = article
        latest = article.revisions.select_related("created_by").first()
        who = _display_name(latest.created_by) if latest and latest.created_by else "someone else"
        when = _fmt(latest.created_at if latest else article.updated_at)
        super().__init__(
            f"This story was changed by {who} at {when} since you opened it. "
            "Your version was not saved; your text is kept below. Copy what you need, "
            "reload the story and apply your changes again."
        )


def _display_name(user):
    return user.get_full_name() or user.get_username()


def state_of(article, now=None):
    """The editorial state as people talk about it: status, or "scheduled" / "embargoed"
    for a published story readers cannot see yet (Article.visibility decides)."""
    if article.status == Status.PUBLISHED:
        shown = article.visibility(now).state
        if shown in (SCHEDULED, EMBARGOED):
            return shown
    return article.status


def state_label(article, now=None):
    """The admin's label: "Embargoed until <time> (<zone>)" says what readers see and when."""
    state = state_of(article, now)
    if state == EMBARGOED:
        return f"Embargoed until {_fmt(article.embargo_until)}"
    return STATE_LABELS[state]


def state_in_sentence(article, now=None):
    """The label inside a sentence ("… is now embargoed until …"), times kept as written."""
    label = state_label(article, now)
    return label[:1].lower() + label[1:]


def next_visibility_change(now=None):
    """When the public site next changes by the clock alone: a scheduled story goes live or
    an embargo lifts. None if nothing is pending.

    Nothing runs at that moment (visibility is decided at query time), so caches of public
    pages must not be kept past it: cap their lifetime with this.
    """
    return Article.objects.next_visibility_change(now)


# Who may see and edit which story -----------------------------------------------------


def may_edit_any(user):
    return user.has_perm("articles.edit_any_article")


def is_own(user, article):
    """A reporter's story: they created it or they are in its byline."""
    if not user.is_authenticated:
        return False
    if article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.bylines.filter(author__user=user).exists()


def owned_by(user):
    """The filter for a user's own stories (see is_own)."""
    return Q(created_by=user) | Q(bylines__author__user=user)


def visible_to(user, queryset=None):
    """The stories a user may open in the admin: editors all, reporters their own."""
    queryset = Article.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.has_perm("articles.view_article"):
        return queryset.none()
    if may_edit_any(user):
        return queryset
    return queryset.filter(pk__in=Article.objects.filter(owned_by(user)).values("pk"))


def last_return(article):
    """The editor's note if the story is a draft because it was returned, else None."""
    if article.status != Status.DRAFT:
        return None
    latest = article.audit.select_related("actor").first()
    return latest if latest and latest.action == "return" else None


def may_view(user, article):
    if not user.has_perm("articles.view_article"):
        return False
    return may_edit_any(user) or is_own(user, article)


def may_edit(user, article):
    """Editors edit any story in any state; reporters only their own, only while draft."""
    if not user.has_perm("articles.change_article"):
        return False
    if may_edit_any(user):
        return True
    return article.status == Status.DRAFT and is_own(user, article)


# Transitions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    permission: str
    sources: frozenset
    target: str
    needs_note: bool = False
    needs_time: bool = False
    # What the time input means for this step (the change form labels it so).
    time_label: str = "Publish at"
    time_noun: str = "publish"
    # Whether readers may see a difference, so cached public pages must be purged.
    changes_public: bool = False
    blockers: object = None
    help: str = ""


_BEFORE_PUBLICATION = frozenset(
    {Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED, SCHEDULED}
)

TRANSITIONS = {
    t.action: t
    for t in [
        Transition(
            "submit",
            "Submit for review",
            "articles.submit_article",
            frozenset({Status.DRAFT}),
            Status.IN_REVIEW,
            blockers=readiness.submit_blockers,
            help="Send the story to an editor. You cannot edit it while it is in review.",
        ),
        Transition(
            "approve",
            "Approve",
            "articles.approve_article",
            frozenset({Status.IN_REVIEW}),
            Status.APPROVED,
            blockers=readiness.submit_blockers,
            help="The story is ready to publish.",
        ),
        Transition(
            "return",
            "Return to reporter",
            "articles.approve_article",
            frozenset({Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED}),
            Status.DRAFT,
            needs_note=True,
            help="Back to draft, with a note saying what to change.",
        ),
        Transition(
            "publish",
            "Publish now",
            "articles.publish_article",
            _BEFORE_PUBLICATION,
            Status.PUBLISHED,
            changes_public=True,
            blockers=readiness.publish_blockers,
            help="Readers see the story at once.",
        ),
        Transition(
            "schedule",
            "Schedule",
            "articles.publish_article",
            _BEFORE_PUBLICATION,
            SCHEDULED,
            needs_time=True,
            changes_public=True,
            blockers=readiness.publish_blockers,
            help="Readers see the story from the time you pick; nothing else needs to happen.",
        ),
        Transition(
            "cancel_schedule",
            "Cancel schedule",
            "articles.publish_article",
            frozenset({SCHEDULED}),
            Status.APPROVED,
            changes_public=True,
            help="Keep the story off the site and back to approved; schedule it again later.",
        ),
        Transition(
            "unpublish",
            "Unpublish",
            "articles.publish_article",
            frozenset({Status.PUBLISHED, EMBARGOED}),
            Status.UNPUBLISHED,
            changes_public=True,
            help="Take the story off the site. Its URL answers 404 until it is published again.",
        ),
        # A live story's embargo is a state change readers see, so it is a step with an
        # audit entry, not a field edit (save_edit refuses to change it on a published story).
        Transition(
            "embargo",
            "Embargo",
            "articles.publish_article",
            frozenset({Status.PUBLISHED, EMBARGOED}),
            EMBARGOED,
            needs_time=True,
            time_label="Embargo until",
            time_noun="embargo's end",
            changes_public=True,
            help="Take the story off the site until the time you pick; it comes back by itself.",
        ),
        Transition(
            "lift_embargo",
            "Lift embargo",
            "articles.publish_article",
            frozenset({EMBARGOED}),
            Status.PUBLISHED,
            changes_public=True,
            help="Readers see the story again at once (or at its publish time, if still ahead).",
        ),
    ]
}

# States that are a published story as stored (status), however readers see it now.
_PUBLISHED_STATES = frozenset({Status.PUBLISHED, SCHEDULED, EMBARGOED})


def may(user, action, article=None):
    """Whether the user holds the right for this step (and, given a story, may touch it).

    The state is not checked here: see `available()` for the steps possible right now.
    """
    step = TRANSITIONS.get(action)
    if step is None or not user.has_perm(step.permission):
        return False
    if article is None:
        return True
    if action == "submit":
        return may_edit(user, article)
    return may_view(user, article)


def available(user, article, now=None):
    """The steps this user can take on this story in its current state, in table order."""
    state = state_of(article, now)
    return [
        step
        for step in TRANSITIONS.values()
        if state in step.sources and may(user, step.action, article)
    ]


def _check_when(article, step, when, now):
    """The publish time for publish/schedule, or a clear refusal (embargo is never jumped)."""
    embargo = article.embargo_until
    if step.action == "publish":
        if embargo and embargo > now:
            raise WorkflowError(
                f"The story is under embargo until {_fmt(embargo)}; it cannot be published "
                "earlier. Schedule it for that time or later."
            )
        if (
            article.published_at
            and article.published_at <= now
            and article.status != Status.PUBLISHED
        ):
            # Published before and taken down: keep the first publish time (and the URL).
            return article.published_at
        return now
    if step.action == "schedule":
        if when is None:
            raise WorkflowError("Pick the date and time the story should go live.")
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        if when <= now:
            raise WorkflowError("The publish time must be in the future; use Publish now instead.")
        if embargo and when < embargo:
            raise WorkflowError(
                f"The story is under embargo until {_fmt(embargo)}; schedule it for that "
                "time or later."
            )
        return when
    if step.action == "cancel_schedule":
        return None
    return article.published_at


def _check_embargo(article, step, when, now):
    """The embargo after this step: a future time for "embargo", none after "lift_embargo",
    unchanged for every other step."""
    if step.action == "lift_embargo":
        return None
    if step.action != "embargo":
        return article.embargo_until
    if when is None:
        raise WorkflowError("Pick the date and time the embargo ends.")
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when <= now:
        raise WorkflowError(
            "The embargo must end in the future; to show the story now, use Lift embargo."
        )
    return when


def _audit_note(step, note, published_at, embargo_before, embargo_after):
    """The editor's note; a schedule or an embargo also records the time it was set for."""
    if step.action == "schedule":
        moment = f"For {_fmt(published_at)}."
    elif step.action == "embargo":
        moment = f"Until {_fmt(embargo_after)}."
    elif step.action == "lift_embargo":
        moment = f"Was embargoed until {_fmt(embargo_before)}."
    else:
        return note
    return moment + (f" {note}" if note else "")


def _fmt(moment):
    # Times are read and shown in the newsroom's zone (TIME_ZONE); say which.
    when = formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return f"{when} ({timezone.get_current_timezone_name()})"


def transition(article, action, user, note="", when=None, revision_note=None):
    """Take one workflow step. Returns the updated article; raises WorkflowError/NotAllowed.

    Nothing is written unless every check passes. `revision_note` names the revision when
    the step also carries an edit saved in the same transaction (the change form's buttons).
    """
    from articles import revisions

    step = TRANSITIONS.get(action)
    if step is None:
        raise WorkflowError(f"Unknown workflow step {action!r}.")
    note = (note or "").strip()
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if not may(user, action, locked):
            raise NotAllowed(f"You may not {step.label.lower()} this story.")
        now = timezone.now()
        from_state = state_of(locked, now)
        if from_state not in step.sources:
            raise WorkflowError(
                f"“{step.label}” is not possible while the story is "
                f"{STATE_LABELS[from_state].lower()}."
            )
        if step.needs_note and not note:
            raise WorkflowError("Write a note for the reporter saying what needs to change.")
        if step.blockers:
            problems = step.blockers(locked)
            if problems:
                raise WorkflowError(
                    f"“{step.label}” is not possible yet: " + "; ".join(problems) + ".",
                    problems,
                )
        published_at = _check_when(locked, step, when, now)
        embargo_before = locked.embargo_until
        embargo_after = _check_embargo(locked, step, when, now)
        locked.status = Status.PUBLISHED if step.target in _PUBLISHED_STATES else step.target
        locked.published_at = published_at
        locked.updated_at = now
        changed = ["status", "published_at", "updated_at"]
        if embargo_after != embargo_before:
            # The embargo is a content field too: bump the version so a change form opened
            # before this step cannot save the old embargo back over it.
            locked.embargo_until = embargo_after
            locked.version += 1
            changed += ["embargo_until", "version"]
        locked.save(update_fields=changed)
        to_state = state_of(locked, now)
        AuditEntry.objects.create(
            article=locked,
            actor=user,
            at=now,
            action=action,
            from_status=from_state,
            to_status=to_state,
            note=_audit_note(step, note, published_at, embargo_before, embargo_after),
        )
        revisions.record(locked, user, note=revision_note or step.label)
        signals.story_event.send(Article, article=locked, action=action, user=user, note=note)
        if step.changes_public:
            signals.public_change.send(Article)
    for name in ("status", "published_at", "embargo_until", "updated_at", "version"):
        setattr(article, name, getattr(locked, name))
    return article


# Content edits ---------------------------------------------------------------------------


def embargo_edit_problem(current, embargo_until):
    """Why a plain edit may not give the stored story `current` this embargo, or None.

    On a published story an embargo changes what readers see: that is the Embargo / Lift
    embargo step (audited, purged, notified), never a field edit. Drafts and approved
    stories carry an embargo freely, as part of scheduling.
    """
    if current.status != Status.PUBLISHED or _same_second(current.embargo_until, embargo_until):
        return None
    if current.embargo_until:
        now_set = f"It is embargoed until {_fmt(current.embargo_until)}."
    else:
        now_set = "It has no embargo."
    return (
        f"The embargo of a published story is not changed by Save. {now_set} Put the "
        "embargo field back, then use the Embargo or Lift embargo button at the foot of the "
        "form: readers, the audit trail and the cached pages all follow that step."
    )


def _same_second(first, second):
    # The admin's time widget has no microseconds: equal to the second is unchanged.
    if first is None or second is None:
        return first is second
    return first.replace(microsecond=0) == second.replace(microsecond=0)


def save_edit(article, user, expected_version):
    """Save the content fields iff nobody saved since `expected_version` was read.

    One UPDATE ... WHERE version = n: of many concurrent saves from the same version exactly
    one wins, the rest get EditConflict. Status and publish time are never touched here, nor
    a published story's embargo (see embargo_edit_problem).
    """
    article.build_body()  # the pipeline: sanitised body and outputs, written below
    now = timezone.now()
    with transaction.atomic():
        current = Article.objects.select_for_update().filter(pk=article.pk).first()
        before = current and {
            "slug": current.slug,
            "status": current.status,
            "published_at": current.published_at,
        }
        if current and embargo_edit_problem(current, article.embargo_until):
            # Published after the form was checked: show the form again, which now says why.
            raise EditConflict(current)
        if current and current.status == Status.PUBLISHED:
            article.embargo_until = current.embargo_until  # to the microsecond, as stored
        values = {f.attname: getattr(article, f.attname) for f in content_fields()}
        updated = Article.objects.filter(pk=article.pk, version=expected_version).update(
            **values, version=F("version") + 1, updated_at=now
        )
        if not updated:
            raise EditConflict(Article.objects.get(pk=article.pk))
        article.version = expected_version + 1
        article.updated_at = now
        # The UPDATE bypassed Model.save(): tell listeners (the search index) it was saved.
        post_save.send(
            sender=Article,
            instance=article,
            created=False,
            update_fields=frozenset(CONTENT_FIELDS),
            raw=False,
            using=router.db_for_write(Article),
        )
        if before and before["published_at"] and before["slug"] != article.slug:
            keep_old_url(article, before["slug"])
        if before and before["status"] == Status.PUBLISHED:
            signals.public_change.send(Article)
    return article


def keep_old_url(article, old_slug):
    """A story that has been public keeps its old URL working as a 301 to the new one."""
    SlugRedirect.objects.filter(old_slug=article.slug).delete()
    SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})


def redirect_holding(slug, article_pk=None):
    """The old-address redirect of another story that keeps `slug` leading there, if any:
    giving the slug to a new story would hijack that story's old links."""
    return (
        SlugRedirect.objects.filter(old_slug=slug)
        .exclude(article_id=article_pk)
        .select_related("article")
        .first()
    )


def free_slug(base, article_pk=None):
    """`base`, or `base-2`, `base-3`…: the first that no other story uses or keeps as an old
    address. For slugs made up from a headline; a slug an editor typed is refused instead."""
    others = Article.objects.exclude(pk=article_pk)
    candidate, number = base, 1
    while others.filter(slug=candidate).exists() or redirect_holding(candidate, article_pk):
        number += 1
        suffix = f"-{number}"
        candidate = base[: slugs.STORY_SLUG_MAX - len(suffix)] + suffix
    return candidate
