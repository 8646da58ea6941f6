//! The API's casework: referrals, consultations, cases and everything done in a case file.

use super::*;

use crate::usecase::referral::ReferralView;

#[derive(Deserialize, JsonSchema)]
pub struct ReferralsQuery {
    /// Only referrals with this status (`received`, `accepted`, …).
    status: Option<String>,
}

pub async fn referrals(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<ReferralsQuery>,
) -> Result<Json<Items<ReferralView>>, AppError> {
    let items = crate::usecase::referral::referral_views(&state, &ctx, q.status).await?;
    Ok(Json(Items { items }))
}

/// One referral; a school contact also gets the reports the social worker shared with the school.
pub async fn referral(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ReferralView>, AppError> {
    Ok(Json(
        crate::usecase::referral::referral_view(&state, &ctx, id).await?,
    ))
}

pub async fn referral_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<crate::usecase::referral::ReferralInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::referral::create_referral(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

/// The school corrects what it sent before triage.
pub async fn referral_correct(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::referral::CorrectionInput>,
) -> Result<Done, AppError> {
    crate::usecase::referral::correct_referral(&state, &ctx, id, &input).await?;
    Ok(Done)
}

/// The school withdraws its referral before triage, with a short reason.
pub async fn referral_withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::referral::WithdrawInput>,
) -> Result<Done, AppError> {
    crate::usecase::referral::withdraw_referral(&state, &ctx, id, &input).await?;
    Ok(Done)
}

/// The case file a triage opened (none for advice only, forwarding or declining).
#[derive(Serialize, JsonSchema)]
pub struct Triaged {
    case_id: Option<i64>,
}

pub async fn referral_triage(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::triage::TriageInput>,
) -> Result<Json<Triaged>, AppError> {
    let case_id = crate::usecase::triage::triage(&state, &ctx, id, &input).await?;
    Ok(Json(Triaged { case_id }))
}

#[derive(Deserialize, JsonSchema)]
pub struct CasesQuery {
    /// Name (diacritics-insensitive), date of birth (YYYY-MM-DD) or case number.
    q: Option<String>,
    /// Present (any value): closed case files too.
    all: Option<String>,
}

pub async fn cases(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<CasesQuery>,
) -> Result<Json<Items<Case>>, AppError> {
    let items = crate::usecase::case::cases(&state, &ctx, q.q, q.all.is_none()).await?;
    Ok(Json(Items { items }))
}

/// A case file with its newest contacts and timeline entries (50 each); `contacts_next` and `timeline_next` link
/// to the older ones.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct CaseFileReply {
    #[serde(flatten)]
    pub file: CaseFile,
    /// The next (older) page of contacts, when there is one.
    pub contacts_next: Option<String>,
    /// The next (older) page of timeline entries, when there is one.
    pub timeline_next: Option<String>,
}

pub async fn case(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CaseFileReply>, AppError> {
    use crate::usecase::case::PAGE_SIZE;
    let mut file = crate::usecase::case::open_case_recent(
        &state,
        &ctx,
        id,
        schakel_store::Newest::both(PAGE_SIZE),
    )
    .await?;
    // Each timeline entry comes with its kind and parameters and its sentence in the reader's language.
    for event in &mut file.events {
        event.text = event.text_in(ctx.lang);
    }
    let contacts_next = (file.contact_count > file.contacts.len() as i64)
        .then(|| {
            file.contacts
                .last()
                .map(|c| format!("/api/v1/cases/{id}/contacts?before={}", c.id))
        })
        .flatten();
    let timeline_next = (file.events.len() as i64 >= PAGE_SIZE)
        .then(|| {
            file.events
                .last()
                .map(|e| format!("/api/v1/cases/{id}/timeline?before={}", e.id))
        })
        .flatten();
    Ok(Json(CaseFileReply {
        file,
        contacts_next,
        timeline_next,
    }))
}

/// One page of a list, newest first, and the link to the next page.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "{T}Page")]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The next (older) page, when there is one.
    pub next: Option<String>,
}

pub async fn case_contacts(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<crate::usecase::case::PageQuery>,
) -> Result<Json<Page<schakel_store::Contact>>, AppError> {
    let (items, next) = crate::usecase::case::contacts_page(&state, &ctx, id, &q).await?;
    let next = next.map(|before| page_link(id, "contacts", before, q.limit));
    Ok(Json(Page { items, next }))
}

pub async fn case_timeline(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<crate::usecase::case::PageQuery>,
) -> Result<Json<Page<schakel_store::CaseEvent>>, AppError> {
    let (items, next) = crate::usecase::case::events_page(&state, &ctx, id, &q).await?;
    let next = next.map(|before| page_link(id, "timeline", before, q.limit));
    Ok(Json(Page { items, next }))
}

fn page_link(id: i64, list: &str, before: i64, limit: Option<i64>) -> String {
    match limit {
        Some(n) => format!("/api/v1/cases/{id}/{list}?before={before}&limit={n}"),
        None => format!("/api/v1/cases/{id}/{list}?before={before}"),
    }
}

pub async fn case_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::case::CaseEdit>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(
        crate::usecase::case::edit_case(&state, &ctx, id, &input).await?,
    ))
}

pub async fn case_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::contact::ContactInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::contact::add_contact(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn case_time(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::time::IndirectTimeInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::time::add_indirect_time(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn school_time_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<crate::usecase::time::SchoolTimeInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::time::book_school_time(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

/// Time per school in a period (dates as YYYY-MM-DD).
#[derive(Serialize, JsonSchema)]
pub struct TimePerSchool {
    from: String,
    until: String,
    schools: Vec<SchoolTime>,
}

pub async fn time_per_school(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(period): ApiQuery<crate::usecase::time::PeriodQuery>,
) -> Result<Json<TimePerSchool>, AppError> {
    let (from, until, schools) =
        crate::usecase::time::time_per_school(&state, &ctx, &period).await?;
    Ok(Json(TimePerSchool {
        from: from.to_string(),
        until: until.to_string(),
        schools,
    }))
}

pub async fn mandate_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<crate::usecase::mandate::MandateRecord>, AppError> {
    Ok(Json(
        crate::usecase::mandate::mandate_record(&state, &ctx, id).await?,
    ))
}

/// An approved mandate decision as the data of the municipality's iJw allocation (ADR 024).
pub async fn mandate_allocation(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<crate::usecase::allocation::Allocation>, AppError> {
    Ok(Json(
        crate::usecase::allocation::allocation(&state, &ctx, id, None).await?,
    ))
}

// Casework steps after the case is opened: the same service functions as the case page's forms, so the same
// checks (who may change the case, consent before sharing, versions) govern both.

#[derive(Deserialize, JsonSchema)]
pub struct ConsultationsQuery {
    /// Present (any value): only the schools' requests still waiting for an answer (social workers, team
    /// leads).
    open: Option<String>,
}

pub async fn consultations(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<ConsultationsQuery>,
) -> Result<Json<Items<Consultation>>, AppError> {
    Ok(Json(Items {
        items: match q.open {
            Some(_) => crate::usecase::consultation::open_consultations(&state, &ctx).await?,
            None => crate::usecase::consultation::consultations(&state, &ctx).await?,
        },
    }))
}

/// The social worker answers a school's consultation request, which closes it.
pub async fn consultation_answer(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::consultation::ConsultationAnswer>,
) -> Result<Json<Consultation>, AppError> {
    Ok(Json(
        crate::usecase::consultation::answer_consultation(&state, &ctx, id, &input).await?,
    ))
}

pub async fn consultation_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<crate::usecase::consultation::ConsultationInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::consultation::record_consultation(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

/// A school contact asks its school's social worker for a consultation, without a pupil's name.
pub async fn consultation_request(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<crate::usecase::consultation::ConsultationRequest>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::consultation::request_consultation(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn case_guardian(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::referral::GuardianInput>,
) -> Result<Done, AppError> {
    crate::usecase::child::add_guardian(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn case_goal(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::goal::GoalInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::goal::add_goal(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

#[derive(Deserialize, JsonSchema)]
pub struct ScoreInput {
    /// `review` or `end`.
    #[schemars(extend("examples" = ["review", "end"]))]
    moment: String,
    /// The GAS score, from the organisation's lowest (−2 or −3) to +2.
    score: i64,
}

pub async fn case_goal_score(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, goal_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<ScoreInput>,
) -> Result<Done, AppError> {
    crate::usecase::goal::score_goal(&state, &ctx, id, goal_id, &input.moment, Some(input.score))
        .await?;
    Ok(Done)
}

#[derive(Deserialize, JsonSchema)]
pub struct TaskInput {
    #[serde(default)]
    description: String,
    /// YYYY-MM-DD.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    due_on: String,
}

pub async fn case_task(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<TaskInput>,
) -> Result<Done, AppError> {
    crate::usecase::case::add_task(&state, &ctx, id, &input.description, &input.due_on).await?;
    Ok(Done)
}

pub async fn case_task_done(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, task_id)): ApiPath<(i64, i64)>,
) -> Result<Done, AppError> {
    crate::usecase::case::complete_task(&state, &ctx, id, task_id).await?;
    Ok(Done)
}

pub async fn case_consent(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::consent::ConsentInput>,
) -> Result<Done, AppError> {
    crate::usecase::consent::add_consent(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn case_consent_withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, consent_id)): ApiPath<(i64, i64)>,
) -> Result<Done, AppError> {
    crate::usecase::consent::withdraw_consent(&state, &ctx, id, consent_id).await?;
    Ok(Done)
}

#[derive(Deserialize, JsonSchema)]
pub struct OnwardInput {
    /// A target of the directory (referral_targets).
    target_id: i64,
    #[serde(default)]
    handover_note: String,
}

pub async fn case_onward(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<OnwardInput>,
) -> Result<Done, AppError> {
    crate::usecase::onward::propose_onward(
        &state,
        &ctx,
        id,
        Some(input.target_id),
        &input.handover_note,
    )
    .await?;
    Ok(Done)
}

#[derive(Deserialize, JsonSchema)]
pub struct OnwardStepInput {
    /// `consented`, `sent`, `accepted`, `declined`, `started` or `completed`.
    #[schemars(extend("examples" = ["consented", "sent", "accepted", "declined", "started", "completed"]))]
    status: String,
    #[serde(default)]
    feedback: String,
    /// `meldcode` or `acute_safety`: sending without consent on that ground.
    #[serde(default)]
    legal_ground: String,
}

pub async fn case_onward_status(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, onward_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<OnwardStepInput>,
) -> Result<Done, AppError> {
    crate::usecase::onward::advance_onward(
        &state,
        &ctx,
        id,
        onward_id,
        &input.status,
        &input.feedback,
        &input.legal_ground,
    )
    .await?;
    Ok(Done)
}

pub async fn case_mandate(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::mandate::MandateInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::mandate::decide_mandate(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

/// The team lead's refusal of a waiting SMW-plus decision.
#[derive(Deserialize, JsonSchema)]
pub struct RefusalInput {
    /// Why the decision is refused (1–2,000 characters); the worker sees it on the case.
    #[serde(default)]
    reason: String,
}

pub async fn case_mandate_refuse(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, decision_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<RefusalInput>,
) -> Result<Done, AppError> {
    crate::usecase::mandate::refuse_mandate(&state, &ctx, id, decision_id, &input.reason).await?;
    Ok(Done)
}

pub async fn case_mandate_approve(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, decision_id)): ApiPath<(i64, i64)>,
) -> Result<Done, AppError> {
    crate::usecase::mandate::approve_mandate(&state, &ctx, id, decision_id).await?;
    Ok(Done)
}

pub async fn case_transfer(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::onward::TransferInput>,
) -> Result<Done, AppError> {
    crate::usecase::onward::transfer(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn case_close(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::closure::ClosureInput>,
) -> Result<Done, AppError> {
    crate::usecase::closure::close(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn case_close_approve(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Done, AppError> {
    crate::usecase::closure::approve_closure(&state, &ctx, id).await?;
    Ok(Done)
}

/// The team lead reopens a closed case with a reason (422 naming `reason` without one, or while the child has
/// another open case).
pub async fn case_reopen(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::closure::ReopenInput>,
) -> Result<Done, AppError> {
    crate::usecase::closure::reopen(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn case_child(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::child::ChildEdit>,
) -> Result<Json<Child>, AppError> {
    Ok(Json(
        crate::usecase::child::edit_child(&state, &ctx, id, &input).await?,
    ))
}

pub async fn case_school_report(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::onward::SchoolReportInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::onward::report_to_school(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

/// The pupils of a school in a school year (the denominator of "referrals per 100 pupils").
/// The name and description of an uploaded document (the file itself is the body).
#[derive(Deserialize, JsonSchema)]
pub struct DocumentQuery {
    /// The file's name, e.g. `verslag.pdf`; stored under the extension of the detected type.
    pub filename: String,
    #[serde(default)]
    pub description: String,
}

pub async fn case_document_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<DocumentQuery>,
    FileBody(bytes): FileBody,
) -> Result<Created<NewId>, AppError> {
    let id = usecase::document::add_document(
        &state,
        &ctx,
        id,
        &query.filename,
        &bytes,
        &query.description,
    )
    .await?;
    Ok(Created(NewId { id }))
}

pub async fn case_document(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, document_id)): ApiPath<(i64, i64)>,
) -> Result<Download, AppError> {
    usecase::document::download(&state, &ctx, id, document_id).await
}
