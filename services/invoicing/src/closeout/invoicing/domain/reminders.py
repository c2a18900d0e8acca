"""When overdue invoices get reminders: once at each of these days past the due date."""

from datetime import date, timedelta

REMINDER_DAYS = (1, 7, 14)


def days_overdue(due_date: date, today: date) -> int:
    return (today - due_date).days


def next_reminder(due_date: date, today: date, last_sent: int) -> int | None:
    """The reminder number (1-based) due now, if any beyond `last_sent`.

    After downtime only the latest due reminder is sent: a customer never gets a burst.
    """
    late = days_overdue(due_date, today)
    due = [n for n, day in enumerate(REMINDER_DAYS, start=1) if late >= day]
    if due and due[-1] > last_sent:
        return due[-1]
    return None


def next_action_on(
    due_date: date | None, *, chased: bool, overdue_marked: bool, reminders_sent: int
) -> date | None:
    """The business-local day the scheduler next has something to do for an invoice (mark it
    overdue, send a reminder), or None when nothing will be due again: not chased (paid, void,
    draft, ...) or every reminder sent."""
    if not chased or due_date is None:
        return None
    if not overdue_marked:
        return due_date + timedelta(days=REMINDER_DAYS[0])
    if reminders_sent >= len(REMINDER_DAYS):
        return None
    return due_date + timedelta(days=REMINDER_DAYS[reminders_sent])
