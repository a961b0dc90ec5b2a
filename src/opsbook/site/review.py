"""Whether a runbook's review is current, as of the build's instant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from opsbook.models.runbook import Runbook

DUE_SOON = timedelta(days=14)
"""A review falling due this soon is listed on the home page before it is late."""

ReviewState = Literal["current", "due-soon", "overdue", "never"]


@dataclass(frozen=True)
class ReviewStatus:
    """A runbook's review state on one day."""

    state: ReviewState
    last_reviewed: date | None
    due: date | None
    every: timedelta | None
    reviewer: str | None
    today: date

    @property
    def needs_review(self) -> bool:
        return self.state != "current"

    @property
    def days_left(self) -> int | None:
        """Days until the review is due; negative when overdue."""
        return (self.due - self.today).days if self.due else None

    def describe(self) -> str:
        if self.state == "never" or self.due is None:
            return "never reviewed"
        days = self.days_left or 0
        if self.state == "overdue":
            return f"overdue since {self.due} ({-days} days)"
        if self.state == "due-soon":
            return f"due {self.due} (in {days} days)"
        return f"current, next due {self.due}"


def review_status(runbook: Runbook, today: date) -> ReviewStatus:
    """The review state of `runbook` on `today` (the build's date)."""
    review = runbook.spec.review
    if review is None:
        return ReviewStatus("never", None, None, None, None, today)
    due = review.last_reviewed + review.every
    state: ReviewState
    if due < today:
        state = "overdue"
    elif due - today <= DUE_SOON:
        state = "due-soon"
    else:
        state = "current"
    return ReviewStatus(state, review.last_reviewed, due, review.every, review.reviewer, today)
