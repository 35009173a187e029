//! Confirming or undoing the pairings of targets with baselines: `/staff/content/targets`.
//! 县 decides on its own region's documents' targets, 管理员 on all; every decision audited.

use app::model::targets::{PairLine, PairStatus, TargetPairsView};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::http::{page, Posted, SignedIn};
use super::{now, Session, StaffDesk, StaffError};
use crate::state::AppState;

impl StaffDesk {
    /// Every pairing, with whether the user may decide on it.
    pub async fn target_pairs_view(
        &self,
        session: &Session,
    ) -> Result<TargetPairsView, StaffError> {
        let editable = self.editable(session).await?;
        let figures = self.store.load_indicator_set().await?.indicators;
        let line = |id: &str| {
            figures.iter().find(|f| f.id == id).map(|f| {
                (
                    format!(
                        "{} {}（{}）：{}",
                        f.indicator,
                        f.kind_label(),
                        f.year_label(),
                        f.figure()
                    ),
                    f.source.document_id.clone(),
                )
            })
        };
        let pairs = self
            .store
            .target_pairs()
            .await?
            .into_iter()
            .filter_map(|pair| {
                let (target, document) = line(&pair.target)?;
                let (base, _) = line(&pair.base)?;
                Some(PairLine {
                    editable: editable.admits(&document),
                    pair,
                    target,
                    base,
                })
            })
            .collect();
        Ok(TargetPairsView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            pairs,
            done: String::new(),
        })
    }

    /// Confirms, undoes or restores (as shipped) one pairing.
    pub async fn decide_target_pair(
        &self,
        session: &Session,
        target: &str,
        base: &str,
        decision: &str,
    ) -> Result<TargetPairsView, StaffError> {
        let view = self.target_pairs_view(session).await?;
        let Some(line) = view
            .pairs
            .iter()
            .find(|l| l.pair.target == target && l.pair.base == base)
        else {
            return Err(StaffError::NotFound("没有这组对照。"));
        };
        if !line.editable {
            return Err(StaffError::Refused(
                "这组对照的目标不是您所在地区的文件：县级账号只能确认本地区文件的对照，其他地区的请联系管理员。".into(),
            ));
        }
        let (status, words) = match decision {
            "confirm" => (PairStatus::Confirmed, "确认"),
            "undo" => (PairStatus::Undone, "撤销"),
            "restore" => (PairStatus::Proposed, "恢复为编者判断"),
            _ => return Err(StaffError::BadForm("未知的操作。".into())),
        };
        let who = if status == PairStatus::Proposed {
            String::new()
        } else {
            session.user.username.clone()
        };
        let at = if status == PairStatus::Proposed {
            0
        } else {
            now()
        };
        self.store
            .decide_target_pair(target, base, status, &who, at)
            .await?;
        self.audit(
            &session.user,
            "target_pair",
            "",
            line.pair.status.as_str(),
            status.as_str(),
            &format!("{words}对照：{} ← {}", line.target, line.base),
        )
        .await?;
        let mut view = self.target_pairs_view(session).await?;
        view.done = format!(
            "已{words}：{} ← {}。目标与进展页即按此显示。",
            line.target, line.base
        );
        Ok(view)
    }
}

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/staff/content/targets", get(pairs_page).post(decide))
}

/// `GET /staff/content/targets`.
async fn pairs_page(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Result<Response, StaffError> {
    let view = state.staff.target_pairs_view(&session).await?;
    Ok(page(
        &state,
        "/staff/content/targets",
        &headers,
        StatusCode::OK,
        view,
    )
    .await)
}

/// `POST /staff/content/targets`: `decision` (confirm, undo, restore) on `target` ← `base`.
async fn decide(
    State(state): State<AppState>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let view = state
        .staff
        .decide_target_pair(
            &session,
            fields.get("target").trim(),
            fields.get("base").trim(),
            fields.get("decision").trim(),
        )
        .await?;
    Ok(page(
        &state,
        "/staff/content/targets",
        &headers,
        StatusCode::OK,
        view,
    )
    .await)
}
