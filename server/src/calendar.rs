//! The Chinese working-day calendar: Monday to Friday, less the public holidays (休) and
//! plus the make-up working days (班) that the State Council's General Office announces each
//! year (《国务院办公厅关于××年部分节假日安排的通知》). Every promised date and every "days
//! left" is counted with it. A year whose notice is not loaded is counted Monday to Friday and
//! every date in it is marked estimated (周一至周五估算，遇节假日顺延).
//!
//! The table is read from CSV (`date,kind,holiday,source`, the layout of
//! `server/seed/holidays.csv`): the seed's copy on first start, `server import-holidays` and
//! the administrators' page for the years after. Each year is loaded whole: importing a file
//! replaces the years it names.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate as Date, TimeDelta, Utc, Weekday};
use chrono_tz::{Asia::Shanghai, Tz};

/// The seed's copy of the table (2025 and 2026).
pub const SEED_HOLIDAYS: &str = include_str!("../seed/holidays.csv");

/// The header every holiday file starts with.
pub const HEADER: [&str; 4] = ["date", "kind", "holiday", "source"];

/// What a listed day is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// 休: a public holiday (or a weekday given off).
    Rest,
    /// 班: a weekend day worked in exchange (调休上班).
    Work,
}

impl DayKind {
    /// The character stored and written in the files.
    pub fn value(self) -> &'static str {
        match self {
            DayKind::Rest => "休",
            DayKind::Work => "班",
        }
    }

    pub fn parse(text: &str) -> Option<DayKind> {
        match text.trim() {
            "休" => Some(DayKind::Rest),
            "班" => Some(DayKind::Work),
            _ => None,
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayRow {
    pub date: Date,
    pub kind: DayKind,
    /// 春节, 国庆节、中秋节 …
    pub holiday: String,
    /// The notice it comes from.
    pub source: String,
}

/// A date reckoned by the calendar, and whether any day counted lay in a year the calendar
/// does not cover (then it is an estimate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reckoned {
    pub date: Date,
    pub estimated: bool,
}

/// The working-day calendar of the loaded years.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    days: HashMap<Date, DayKind>,
    years: BTreeSet<i32>,
}

fn weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl WorkCalendar {
    /// The calendar of these listed days; every year with a listed day is covered.
    pub fn new(days: impl IntoIterator<Item = (Date, DayKind)>) -> WorkCalendar {
        let days: HashMap<Date, DayKind> = days.into_iter().collect();
        let years = days.keys().map(Datelike::year).collect();
        WorkCalendar { days, years }
    }

    /// The seed's table.
    pub fn seed() -> WorkCalendar {
        let rows = read_holidays(SEED_HOLIDAYS.as_bytes()).unwrap_or_default();
        WorkCalendar::new(rows.iter().map(|r| (r.date, r.kind)))
    }

    /// Whether the notice of `year` is loaded.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The years whose notice is loaded.
    pub fn years(&self) -> Vec<i32> {
        self.years.iter().copied().collect()
    }

    /// Whether `date` is a working day: a weekday that is not a holiday, or a make-up day.
    pub fn is_working(&self, date: Date) -> bool {
        match self.days.get(&date) {
            Some(DayKind::Rest) => false,
            Some(DayKind::Work) => true,
            None => !weekend(date),
        }
    }

    /// The day `days` working days after `from` (`from` itself for 0).
    pub fn add_working_days(&self, from: Date, days: u32) -> Reckoned {
        let mut date = from;
        let mut left = days;
        let mut estimated = false;
        while left > 0 {
            date += TimeDelta::days(1);
            estimated |= !self.covers(date.year());
            if self.is_working(date) {
                left -= 1;
            }
        }
        Reckoned { date, estimated }
    }

    /// Working days from `today` to `due`: the working days after today up to and including
    /// the due day; when the due day is past, minus the working days after it up to and
    /// including today, and at least one (a case due on Friday is overdue on Saturday).
    pub fn working_days_until(&self, today: Date, due: Date) -> i64 {
        let count = |from: Date, to: Date| {
            let mut n = 0_i64;
            let mut date = from;
            while date < to {
                date += TimeDelta::days(1);
                if self.is_working(date) {
                    n += 1;
                }
            }
            n
        };
        if due >= today {
            count(today, due)
        } else {
            -count(due, today).max(1)
        }
    }

    /// The year whose notice administrators should load now: this year when it is missing,
    /// or next year from December 1 until it is loaded.
    pub fn missing_year(&self, today: Date) -> Option<i32> {
        if !self.covers(today.year()) {
            Some(today.year())
        } else if today.month() == 12 && !self.covers(today.year() + 1) {
            Some(today.year() + 1)
        } else {
            None
        }
    }
}

/// One thing wrong in a holiday file: its line (1 is the header) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行：{}", self.line, self.message)
    }
}

fn parse_date(text: &str) -> Option<Date> {
    Date::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|date| (2000..=2100).contains(&date.year()))
}

/// Reads and checks a holiday file. Every row is checked; any problem and nothing is
/// returned but the problems, each with its line.
pub fn read_holidays(input: impl std::io::Read) -> Result<Vec<HolidayRow>, Vec<Problem>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let mut problems = Vec::new();
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|c| c.trim_start_matches('\u{feff}').trim().to_string())
            .collect(),
        Err(err) => {
            return Err(vec![Problem {
                line: 1,
                message: format!("无法读取表头：{err}"),
            }])
        }
    };
    if header != HEADER {
        return Err(vec![Problem {
            line: 1,
            message: format!(
                "表头应为“{}”，现在是“{}”。",
                HEADER.join(","),
                header.join(",")
            ),
        }]);
    }
    let mut rows: Vec<HolidayRow> = Vec::new();
    let mut seen: BTreeMap<Date, u64> = BTreeMap::new();
    for (n, record) in reader.records().enumerate() {
        let line = n as u64 + 2;
        let record = match record {
            Ok(r) => r,
            Err(err) => {
                problems.push(Problem {
                    line,
                    message: format!("无法读取：{err}"),
                });
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut say = |message: String| problems.push(Problem { line, message });
        if record.len() != HEADER.len() {
            say(format!("应有 4 列，现在是 {} 列。", record.len()));
            continue;
        }
        let date = parse_date(&record[0]);
        let kind = DayKind::parse(&record[1]);
        let holiday = record[2].trim().to_string();
        let source = record[3].trim().to_string();
        if date.is_none() {
            say(format!(
                "日期“{}”不对，应写成 2027-01-01。",
                record[0].trim()
            ));
        }
        if kind.is_none() {
            say(format!(
                "类别“{}”不对，放假写“休”，调休上班写“班”。",
                record[1].trim()
            ));
        }
        if holiday.is_empty() || holiday.chars().count() > 20 {
            say("请写明节日名称（如“春节”），最多 20 个字。".into());
        }
        if source.chars().count() < 8 || source.chars().count() > 200 {
            say("请写明来源：国务院办公厅通知的名称和文号或发布日期。".into());
        }
        let (Some(date), Some(kind)) = (date, kind) else {
            continue;
        };
        if kind == DayKind::Work && !weekend(date) {
            say(format!("{date} 不是周六或周日，不能是调休上班日。"));
        }
        if let Some(first) = seen.insert(date, line) {
            say(format!("{date} 已在第 {first} 行出现过。"));
        }
        rows.push(HolidayRow {
            date,
            kind,
            holiday,
            source,
        });
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(Problem {
            line: 2,
            message: "文件里没有任何日期。".into(),
        });
    }
    // A year's notice always gives days off: a year with only make-up days is cut short.
    let years: BTreeSet<i32> = rows.iter().map(|r| r.date.year()).collect();
    for year in years {
        if !rows
            .iter()
            .any(|r| r.date.year() == year && r.kind == DayKind::Rest)
        {
            problems.push(Problem {
                line: 1,
                message: format!(
                    "{year} 年只有调休上班日，没有放假的日期：请导入当年通知的全部日期。"
                ),
            });
        }
    }
    if problems.is_empty() {
        rows.sort_by_key(|r| r.date);
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// Seconds since 1970-01-01 UTC now: how every instant is stored.
pub fn unix_now() -> i64 {
    Utc::now().timestamp()
}

/// A stored instant in China time (Asia/Shanghai), in which dates are shown and deadlines
/// counted.
pub fn in_china(at: i64) -> Option<DateTime<Tz>> {
    DateTime::from_timestamp(at, 0).map(|t| t.with_timezone(&Shanghai))
}

/// Today in China.
pub fn today_in_china() -> Date {
    Utc::now().with_timezone(&Shanghai).date_naive()
}

/// The day of a stored instant in China, `YYYY-MM-DD` (empty for an impossible instant).
pub fn china_day(at: i64) -> String {
    in_china(at)
        .map(|t| iso(t.date_naive()))
        .unwrap_or_default()
}

/// The day and minute of a stored instant in China, `YYYY-MM-DD HH:MM`.
pub fn china_minute(at: i64) -> String {
    in_china(at)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// `YYYY-MM-DD`.
pub fn iso(date: Date) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_seed_table_reads_and_covers_2025_and_2026() {
        let rows = read_holidays(SEED_HOLIDAYS.as_bytes()).unwrap();
        assert!(rows.len() > 60, "{}", rows.len());
        let calendar = WorkCalendar::seed();
        assert_eq!(calendar.years(), vec![2025, 2026]);
        assert!(rows.iter().all(|r| r.source.contains("国务院办公厅")));
    }

    #[test]
    fn spring_festival_2026_skips_the_holiday_and_counts_the_working_saturdays() {
        let calendar = WorkCalendar::seed();
        // 2026-02-14 (Saturday) and 2026-02-28 (Saturday) are working days; 2/15–2/23 rest.
        assert!(calendar.is_working(date("2026-02-14")));
        assert!(calendar.is_working(date("2026-02-28")));
        assert!(!calendar.is_working(date("2026-02-16")));
        assert!(!calendar.is_working(date("2026-02-23")));
        // Friday 2/13 + 1 working day → Saturday 2/14 (调休上班).
        assert_eq!(
            calendar.add_working_days(date("2026-02-13"), 1).date,
            date("2026-02-14")
        );
        // Saturday 2/14 + 1 → Tuesday 2/24, the first day after the holiday.
        assert_eq!(
            calendar.add_working_days(date("2026-02-14"), 1).date,
            date("2026-02-24")
        );
        // 2/24 … 2/27 are 4 working days, the 5th is Saturday 2/28.
        assert_eq!(
            calendar.add_working_days(date("2026-02-23"), 5).date,
            date("2026-02-28")
        );
        assert!(!calendar.add_working_days(date("2026-02-13"), 20).estimated);
    }

    #[test]
    fn national_day_2026_is_not_a_working_day() {
        let calendar = WorkCalendar::seed();
        // A report on Wednesday 2026-09-30: the next working day is after 国庆 (10/1–10/7).
        let next = calendar.add_working_days(date("2026-09-30"), 1).date;
        assert!(next > date("2026-10-07"), "{next}");
        assert!(calendar.is_working(next));
        for day in 1..=7 {
            let d = Date::from_ymd_opt(2026, 10, day).unwrap();
            assert!(!calendar.is_working(d), "{d}");
        }
        // Monday to Friday alone would have promised Thursday 10/1.
        assert_eq!(
            WorkCalendar::default()
                .add_working_days(date("2026-09-30"), 1)
                .date,
            date("2026-10-01")
        );
    }

    #[test]
    fn a_year_without_its_notice_is_estimated_monday_to_friday() {
        let calendar = WorkCalendar::seed();
        let late = calendar.add_working_days(date("2026-12-21"), 20);
        assert!(late.estimated);
        assert_eq!(late.date.year(), 2027);
        assert!(!calendar.add_working_days(date("2026-11-02"), 5).estimated);
        assert_eq!(calendar.missing_year(date("2026-11-30")), None);
        assert_eq!(calendar.missing_year(date("2026-12-01")), Some(2027));
        assert_eq!(calendar.missing_year(date("2027-01-05")), Some(2027));
    }

    #[test]
    fn days_left_count_working_days_and_a_weekend_after_the_due_day_is_overdue() {
        let calendar = WorkCalendar::seed();
        // Friday 2026-11-20 → Monday 11-23: one working day left.
        assert_eq!(
            calendar.working_days_until(date("2026-11-20"), date("2026-11-23")),
            1
        );
        assert_eq!(
            calendar.working_days_until(date("2026-11-23"), date("2026-11-23")),
            0
        );
        // Due Friday, today Saturday: overdue.
        assert_eq!(
            calendar.working_days_until(date("2026-11-21"), date("2026-11-20")),
            -1
        );
        // Due 9/30, today 10/8 (国庆): one working day late (10/8 itself).
        assert_eq!(
            calendar.working_days_until(date("2026-10-08"), date("2026-09-30")),
            -1
        );
    }

    #[test]
    fn a_bad_file_lists_every_problem_with_its_line() {
        let text = "date,kind,holiday,source\n\
            2027-02-30,休,春节,国务院办公厅关于2027年部分节假日安排的通知\n\
            2027-02-10,放,春节,国务院办公厅关于2027年部分节假日安排的通知\n\
            2027-02-09,班,春节,国务院办公厅关于2027年部分节假日安排的通知\n\
            2027-02-11,休,,国\n";
        let problems = read_holidays(text.as_bytes()).unwrap_err();
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            said.iter()
                .any(|p| p.starts_with("第 2 行") && p.contains("日期")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|p| p.starts_with("第 3 行") && p.contains("类别")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|p| p.starts_with("第 4 行") && p.contains("不是周六或周日")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|p| p.starts_with("第 5 行") && p.contains("节日名称")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|p| p.starts_with("第 5 行") && p.contains("来源")),
            "{said:?}"
        );
        let wrong_header = read_holidays("day,kind\n".as_bytes()).unwrap_err();
        assert!(wrong_header[0].message.contains("表头"));
        let only_work = read_holidays(
            "date,kind,holiday,source\n2027-02-06,班,春节,国务院办公厅关于2027年部分节假日安排的通知\n"
                .as_bytes(),
        )
        .unwrap_err();
        assert!(only_work[0].message.contains("2027"), "{only_work:?}");
    }
}
