//! Case exports: the queue's cases as an Excel workbook for people (ID numbers, phones and
//! receipts as text, dates as dates) or as CSV for machines. Full ID numbers and phones only
//! for 县 and 管理员, and then every download is audited.

use app::model::report::mask_id;
use app::model::staff::{mask_phone, CaseFilter};
use chrono::{Datelike, NaiveDate as Date};

use super::{risks_in_words, Session, StaffDesk, StaffError};
use crate::reports::{parse_iso, today_in_china};

impl StaffDesk {
    /// The user's cases under `filter` as export rows. The full ID number and phone only
    /// for 县 and 管理员, and then the export is audited; other roles get them masked.
    async fn export_rows(
        &self,
        session: &Session,
        filter: CaseFilter,
        format: &str,
    ) -> Result<Vec<ExportRow>, StaffError> {
        let full = session.user.may_export_full_ids();
        let today = today_in_china();
        let records = self.store.cases_for(&session.user).await?;
        let open = super::casework::OpenByPerson::new(self.store.open_cases().await?);
        let reckoner = self.reckoner().await?;
        let mut rows = Vec::new();
        for record in &records {
            let row = Self::row(session, record, today, &open, &reckoner);
            if !filter.admits(&row) {
                continue;
            }
            let personal = self
                .vault
                .open(&record.sealed)
                .map_err(|e| StaffError::Internal(e.to_string()))?;
            let (id_number, phone) = if full {
                (personal.id_number, personal.phone)
            } else {
                (mask_id(&personal.id_number), mask_phone(&personal.phone))
            };
            rows.push(ExportRow {
                receipt: row.receipt,
                county: record.names.county.clone(),
                town: record.names.town.clone(),
                village: record.names.village.clone(),
                stage: row.stage.label(),
                due: parse_iso(&row.due),
                risks: risks_in_words(&record.risk_types),
                reporter: app::model::report::reporter_label(&row.reporter).to_string(),
                household_size: record.household_size,
                name: personal.name,
                id_number,
                phone,
                submitted_on: parse_iso(&row.submitted_on),
                household_type: app::model::measures::household_type(&record.household_type)
                    .map(|t| t.label)
                    .unwrap_or_default(),
                tell_due: parse_iso(&row.tell_due),
                fast_track: if row.fast_track { "是" } else { "" },
            });
        }
        if full {
            self.audit(
                &session.user,
                "export",
                "",
                "",
                "",
                &format!("导出 {} 件（含完整身份证号，{format}）", rows.len()),
            )
            .await?;
        }
        Ok(rows)
    }

    /// The CSV of the user's cases under `filter`, for machines: UTF-8 with a BOM, Chinese
    /// headings, every cell safe from formulas.
    pub async fn export(
        &self,
        session: &Session,
        filter: CaseFilter,
    ) -> Result<Vec<u8>, StaffError> {
        let rows = self.export_rows(session, filter, "CSV").await?;
        let csv_err = |e: csv::Error| StaffError::Internal(e.to_string());
        let mut writer = crate::spreadsheet::SafeCsv::new();
        writer.row(EXPORT_HEADINGS).map_err(csv_err)?;
        for row in &rows {
            let size = row.household_size.to_string();
            let due = row.due.map(|d| d.to_string()).unwrap_or_default();
            let submitted = row.submitted_on.map(|d| d.to_string()).unwrap_or_default();
            let tell = row.tell_due.map(|d| d.to_string()).unwrap_or_default();
            writer
                .row([
                    row.receipt.as_str(),
                    &row.county,
                    &row.town,
                    &row.village,
                    row.stage,
                    &due,
                    &row.risks,
                    &row.reporter,
                    &size,
                    &row.name,
                    &row.id_number,
                    &row.phone,
                    &submitted,
                    row.household_type,
                    &tell,
                    row.fast_track,
                ])
                .map_err(csv_err)?;
        }
        writer.finish().map_err(StaffError::Internal)
    }

    /// The same cases as an Excel workbook for people who type them into the national
    /// monitoring system: receipt, ID number and phone are text cells (an 18-digit number
    /// would lose its last digits as a number), dates are dates, the headings stay in view.
    pub async fn export_xlsx(
        &self,
        session: &Session,
        filter: CaseFilter,
    ) -> Result<Vec<u8>, StaffError> {
        let rows = self.export_rows(session, filter, "Excel").await?;
        write_xlsx(&rows).map_err(|e| StaffError::Internal(e.to_string()))
    }
}

/// The headings of a case export, in column order.
pub const EXPORT_HEADINGS: [&str; 16] = [
    "回执号",
    "县",
    "乡镇",
    "村",
    "阶段",
    "本阶段时限",
    "风险类型",
    "申报人",
    "家庭人口",
    "姓名",
    "身份证号",
    "手机号",
    "提交日期",
    "监测对象类型",
    "待告知农户（期限）",
    "绿色通道",
];

/// One case as exported.
#[derive(Debug, Clone)]
struct ExportRow {
    receipt: String,
    county: String,
    town: String,
    village: String,
    stage: &'static str,
    due: Option<Date>,
    risks: String,
    reporter: String,
    household_size: i64,
    name: String,
    id_number: String,
    phone: String,
    submitted_on: Option<Date>,
    household_type: &'static str,
    tell_due: Option<Date>,
    fast_track: &'static str,
}

/// A workbook of one sheet, 案件, with the rows under frozen headings.
fn write_xlsx(rows: &[ExportRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("案件")?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (col, heading) in (0_u16..).zip(EXPORT_HEADINGS) {
        sheet.write_string_with_format(0, col, heading, &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (col, width) in [
        (0, 12),
        (9, 10),
        (10, 22),
        (11, 14),
        (5, 12),
        (12, 12),
        (13, 14),
        (14, 14),
    ] {
        sheet.set_column_width(col, width)?;
    }
    // Text columns are text for rows typed in later too.
    for col in [0, 10, 11] {
        sheet.set_column_format(col, &text)?;
    }
    let write_date = |sheet: &mut rust_xlsxwriter::Worksheet,
                      row: u32,
                      col: u16,
                      day: Option<Date>|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        if let Some(day) = day {
            let at = ExcelDateTime::from_ymd(
                u16::try_from(day.year()).unwrap_or(1900),
                u8::try_from(day.month()).unwrap_or(1),
                u8::try_from(day.day()).unwrap_or(1),
            )?;
            sheet.write_datetime_with_format(row, col, &at, &date)?;
        }
        Ok(())
    };
    for (row, case) in (1_u32..).zip(rows) {
        // Every string is written as a string, so nothing typed can become a formula.
        sheet.write_string_with_format(row, 0, &case.receipt, &text)?;
        sheet.write_string(row, 1, &case.county)?;
        sheet.write_string(row, 2, &case.town)?;
        sheet.write_string(row, 3, &case.village)?;
        sheet.write_string(row, 4, case.stage)?;
        write_date(sheet, row, 5, case.due)?;
        sheet.write_string(row, 6, &case.risks)?;
        sheet.write_string(row, 7, &case.reporter)?;
        sheet.write_number(
            row,
            8,
            f64::from(u32::try_from(case.household_size).unwrap_or(0)),
        )?;
        sheet.write_string(row, 9, &case.name)?;
        sheet.write_string_with_format(row, 10, &case.id_number, &text)?;
        sheet.write_string_with_format(row, 11, &case.phone, &text)?;
        write_date(sheet, row, 12, case.submitted_on)?;
        sheet.write_string(row, 13, case.household_type)?;
        write_date(sheet, row, 14, case.tell_due)?;
        sheet.write_string(row, 15, case.fast_track)?;
    }
    workbook.save_to_buffer()
}
