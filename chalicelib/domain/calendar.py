"""Indonesian working-day calendar and working-day deadlines in an agency's time zone."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Cuti bersama (joint leave) is in the "government" category; civil servants are off on it too.
HOLIDAY_CATEGORIES = ("public", "government")
ADDITIONAL_HOLIDAY_NAMES = {"id": "Hari libur tambahan", "en": "Additional holiday"}
_HOLIDAYS_LANGUAGE_CODES = {"id": "id", "en": "en_US"}
END_OF_DAY = time(23, 59, 59)


@functools.lru_cache(maxsize=None)
def _national_holidays(year: int, language: str) -> Mapping[date, str]:
    """National holidays of one year; built on first use, so any year works, including across New Year."""
    import holidays  # here: with its calendars ~70 ms to import, which functions reckoning no deadline skip

    return dict(
        holidays.Indonesia(
            categories=HOLIDAY_CATEGORIES,
            years=year,
            language=_HOLIDAYS_LANGUAGE_CODES[language],
        )
    )


def national_holidays(year: int) -> list[tuple[date, str, str]]:
    """National holidays and joint leave of one year as (date, Indonesian name, English name), by date."""
    names_id = _national_holidays(year, "id")
    names_en = _national_holidays(year, "en")
    return [(day, names_id[day], names_en.get(day, names_id[day])) for day in sorted(names_id)]


class WorkingDayCalendar:
    """Monday to Friday, minus national holidays, joint leave and dates an admin added."""

    def __init__(self, extra_holidays: Iterable[date] = ()) -> None:
        self._extra_holidays = frozenset(extra_holidays)

    def holiday_name(self, day: date, language: str = "id") -> str | None:
        if language not in _HOLIDAYS_LANGUAGE_CODES:
            raise ValueError(f"Unsupported language: {language!r}")
        national_name = _national_holidays(day.year, language).get(day)
        if national_name is not None:
            return national_name
        if day in self._extra_holidays:
            return ADDITIONAL_HOLIDAY_NAMES[language]
        return None

    def is_working_day(self, day: date) -> bool:
        is_weekend = day.weekday() >= 5
        return not is_weekend and self.holiday_name(day) is None

    def add_working_days(self, start: date, n: int) -> date:
        """The Nth working day after `start`; `start` itself never counts."""
        if n < 0:
            raise ValueError(f"Number of working days must not be negative, got {n}")
        day = start
        remaining = n
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end, e.g. how long a report was paused."""
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return count


def _require_aware(instant: datetime) -> None:
    # A naive datetime would silently be read in the server's time zone.
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"Datetime must be timezone-aware, got naive {instant.isoformat()}")


def local_date(instant: datetime, time_zone: str) -> date:
    """The calendar date of `instant` as seen in `time_zone`."""
    _require_aware(instant)
    return instant.astimezone(ZoneInfo(time_zone)).date()


def deadline_after(
    start: datetime, working_days: int, time_zone: str, calendar: WorkingDayCalendar
) -> datetime:
    """End (23:59:59 local) of the Nth working day after the local day the clock started."""
    start_day = local_date(start, time_zone)
    due_day = calendar.add_working_days(start_day, working_days)
    return datetime.combine(due_day, END_OF_DAY, tzinfo=ZoneInfo(time_zone))
