//! The live-poll load client (issue 13: "300 poll answers a second from 300 simulated phones with no lost
//! answer"). Run by `benches/poll_load.sh`, which starts the server and signs the organiser in; see ADR 026.
//!
//! As the organiser (a bearer token) it plans a theme meeting with one session and a poll of enough statements
//! for the run, and opens it. Then every simulated phone, each with its own cookie jar and connections, opens
//! `/poll/{code}` the way a browser does (which gives it the device cookie and the form's keyed device check),
//! and the answers are fired open-loop at the target rate: answer `i` leaves at `i / rate` seconds whatever
//! the earlier ones are doing, from phone `i mod phones` for statement `i div phones`, one statement per post,
//! posted like the real form (`csrf`, `device_check`, `s{id}`, an `Origin` header) and the redirect followed
//! like a browser. Afterwards every phone answers its first statement again with another score (which must be
//! ignored), and the poll's results are read back through the API: per statement n and each score's count must
//! equal what was sent. Exit status 1 on any failed request, a lost answer or a double count.

// A benchmark client, not served code: it may read the wall clock and index its own vectors.
#![allow(clippy::disallowed_methods, clippy::indexing_slicing)]

use anyhow::{Context, Result, anyhow, bail, ensure};
use clap::Parser;
use reqwest::{Client, StatusCode, header};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// The server, e.g. http://127.0.0.1:8080
    #[arg(long)]
    base: String,
    /// A bearer token of a social worker (the organiser).
    #[arg(long, env = "POLL_LOAD_TOKEN")]
    token: String,
    /// Simulated phones, each with its own cookie jar.
    #[arg(long, default_value_t = 300)]
    phones: usize,
    /// Answers a second (open loop).
    #[arg(long, default_value_t = 300.0)]
    rate: f64,
    /// Seconds of firing.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Do not follow the answer's redirect (a phone does follow it).
    #[arg(long)]
    no_follow: bool,
}

/// One phone: its own client (cookie jar and connections) and what its answer form carries.
struct Phone {
    client: Client,
    csrf: String,
    device_check: String,
}

/// What one answer did.
struct Outcome {
    ok: bool,
    post: Duration,
    round: Duration,
    finished: Instant,
    error: Option<String>,
}

fn hidden(page: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker)? + marker.len();
    let rest = page.get(start..)?;
    Some(rest.get(..rest.find('"')?)?.to_string())
}

/// The score phone `phone` gives statement `statement` (the first time; a repeat gives another one).
fn score(phone: usize, statement: usize) -> usize {
    (phone * 7 + statement * 3) % 5 + 1
}

async fn api(client: &Client, args: &Args, path: &str, body: Option<Value>) -> Result<Value> {
    let url = format!("{}{path}", args.base);
    let req = match &body {
        Some(b) => client.post(&url).json(b),
        None => client.get(&url),
    };
    let res = req.bearer_auth(&args.token).send().await?;
    let status = res.status();
    let text = res.text().await?;
    ensure!(status.is_success(), "{path}: {status} {text}");
    Ok(serde_json::from_str(&text)?)
}

fn id_of(v: &Value) -> Result<i64> {
    v["id"].as_i64().ok_or_else(|| anyhow!("no id in {v}"))
}

/// Plans a theme meeting, a session today and a poll of `statements` statements, opens it: (poll id, code).
async fn open_a_poll(args: &Args, statements: usize) -> Result<(i64, String)> {
    let client = Client::new();
    let me = api(&client, args, "/api/v1/me", None).await?;
    let organisation = me["organisation_id"].as_i64();
    let assignments = api(&client, args, "/api/v1/assignments", None).await?;
    let school = assignments
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["organisation_id"].as_i64() == organisation)
        .and_then(|a| a["school_id"].as_i64())
        .context("no school of the organiser's organisation")?;
    let activity = id_of(
        &api(
            &client,
            args,
            "/api/v1/group-activities",
            Some(
                json!({"kind": "themabijeenkomst", "title": "Thema-avond onder belasting",
                        "school_ids": [school]}),
            ),
        )
        .await?,
    )?;
    let today = chrono::Utc::now().date_naive().to_string();
    let session = id_of(
        &api(
            &client,
            args,
            &format!("/api/v1/group-activities/{activity}/sessions"),
            Some(
                json!({"held_on": today, "starts_at": "19:30", "ends_at": "21:30",
                        "place": "Aula", "theme": "Preventie is vroegsignalering"}),
            ),
        )
        .await?,
    )?;
    let texts: Vec<String> = (1..=statements)
        .map(|i| format!("Stelling {i}: ouders weten waar ze met zorgen terechtkunnen."))
        .collect();
    let poll = id_of(
        &api(
            &client,
            args,
            &format!("/api/v1/group-activities/{activity}/sessions/{session}/polls"),
            Some(json!({"title": "Belastingproef", "statements": texts})),
        )
        .await?,
    )?;
    let opened = api(
        &client,
        args,
        &format!("/api/v1/polls/{poll}/open"),
        Some(json!({})),
    )
    .await?;
    let code = opened["code"]
        .as_str()
        .context("the opened poll has no code")?
        .to_string();
    Ok((poll, code))
}

/// A phone opens the poll page: the device cookie lands in its jar, the form's hidden fields are read.
async fn phone(base: String, code: String) -> Result<Phone> {
    let client = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()?;
    let res = client.get(format!("{base}/poll/{code}")).send().await?;
    ensure!(
        res.status() == StatusCode::OK,
        "poll page: {}",
        res.status()
    );
    let page = res.text().await?;
    Ok(Phone {
        client,
        csrf: hidden(&page, "csrf").unwrap_or_default(),
        device_check: hidden(&page, "device_check").context("no device_check on the page")?,
    })
}

/// One answer as the form posts it, then the redirect followed as a browser does.
async fn answer(
    base: &str,
    code: &str,
    phone: &Phone,
    statement: i64,
    score: usize,
    follow: bool,
) -> Outcome {
    let start = Instant::now();
    let body = [
        ("csrf", phone.csrf.clone()),
        ("device_check", phone.device_check.clone()),
        (&format!("s{statement}"), score.to_string()),
    ];
    let sent = phone
        .client
        .post(format!("{base}/poll/{code}"))
        .header(header::ORIGIN, base)
        .form(&body)
        .send()
        .await;
    let post = start.elapsed();
    let mut error = match &sent {
        Ok(res) if res.status() == StatusCode::SEE_OTHER => None,
        Ok(res) => Some(format!("answer: {}", res.status())),
        Err(e) => Some(format!("answer: {e}")),
    };
    if error.is_none()
        && follow
        && let Ok(res) = &sent
    {
        let to = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        match phone.client.get(format!("{base}{to}")).send().await {
            Ok(r) if r.status() == StatusCode::OK => {
                if let Err(e) = r.bytes().await {
                    error = Some(format!("thanks page: {e}"));
                }
            }
            Ok(r) => error = Some(format!("thanks page: {}", r.status())),
            Err(e) => error = Some(format!("thanks page: {e}")),
        }
    }
    Outcome {
        ok: error.is_none(),
        post,
        round: start.elapsed(),
        finished: Instant::now(),
        error,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let total = (args.rate * args.duration).round() as usize;
    ensure!(args.phones > 0 && total > 0, "nothing to send");
    let statements = total.div_ceil(args.phones);
    ensure!(
        statements <= 20,
        "{total} answers from {} phones need {statements} statements; a poll has at most 20",
        args.phones
    );
    let (poll, code) = open_a_poll(&args, statements).await?;
    let api_client = Client::new();
    let ids: Vec<i64> =
        api(&api_client, &args, &format!("/api/v1/polls/{poll}"), None).await?["statements"]
            .as_array()
            .context("statements")?
            .iter()
            .filter_map(|s| s["id"].as_i64())
            .collect();
    ensure!(
        ids.len() == statements,
        "the poll has {} statements",
        ids.len()
    );
    println!(
        "poll {poll} (code {code}): {statements} statements; {} phones open the page",
        args.phones
    );

    // The phones open the page, 25 at a time (people scanning the QR code).
    let started = Instant::now();
    let mut phones = Vec::with_capacity(args.phones);
    for chunk in (0..args.phones).collect::<Vec<_>>().chunks(25) {
        let opened = futures_join(
            chunk
                .iter()
                .map(|_| phone(args.base.clone(), code.clone()))
                .collect::<Vec<_>>(),
        )
        .await;
        for p in opened {
            phones.push(p?);
        }
    }
    let phones = Arc::new(phones);
    println!(
        "{} device cookies in {:.1} s",
        phones.len(),
        started.elapsed().as_secs_f64()
    );

    // Open loop: answer i leaves at i / rate.
    let follow = !args.no_follow;
    let base: Arc<str> = args.base.clone().into();
    let code_arc: Arc<str> = code.clone().into();
    let t0 = tokio::time::Instant::now();
    let first = Instant::now();
    let mut tasks = Vec::with_capacity(total);
    let mut expected = vec![[0_i64; 5]; statements];
    for i in 0..total {
        let (p, s) = (i % args.phones, i / args.phones);
        let sc = score(p, s);
        expected[s][sc - 1] += 1;
        let at = t0 + Duration::from_secs_f64(i as f64 / args.rate);
        let (phones, base, code, statement) =
            (phones.clone(), base.clone(), code_arc.clone(), ids[s]);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(at).await;
            let late = tokio::time::Instant::now().saturating_duration_since(at);
            (
                late,
                answer(&base, &code, &phones[p], statement, sc, follow).await,
            )
        }));
    }
    let mut outcomes = Vec::with_capacity(total);
    let mut late_max = Duration::ZERO;
    for t in tasks {
        let (late, o) = t.await?;
        late_max = late_max.max(late);
        outcomes.push(o);
    }
    let failed = report(&outcomes, first, late_max, &args);

    // Every phone answers its first statement again with another score: the first answer must stand.
    let first_statement = ids[0];
    let repeats = futures_join(
        (0..args.phones.min(total))
            .map(|p| {
                let (phones, base, code) = (phones.clone(), base.clone(), code_arc.clone());
                let other = score(p, 0) % 5 + 1;
                async move { answer(&base, &code, &phones[p], first_statement, other, false).await }
            })
            .collect::<Vec<_>>(),
    )
    .await;
    let repeat_failed = repeats.iter().filter(|o| !o.ok).count();

    let mismatches = count_check(&args, poll, &ids, &expected).await?;
    println!(
        "repeats: {} answered again with another score, {repeat_failed} of those posts failed",
        repeats.len()
    );
    if failed > 0 || repeat_failed > 0 || mismatches > 0 {
        bail!(
            "{failed} failed answers, {repeat_failed} failed repeats, {mismatches} statements miscounted"
        );
    }
    Ok(())
}

/// Prints the achieved rate and the latencies; gives the number of failed answers.
fn report(outcomes: &[Outcome], first: Instant, late_max: Duration, args: &Args) -> usize {
    let total = outcomes.len();
    let follow = !args.no_follow;
    let last = outcomes.iter().map(|o| o.finished).max().unwrap_or(first);
    let elapsed = last.duration_since(first).as_secs_f64();
    let ok = outcomes.iter().filter(|o| o.ok).count();
    let failed: Vec<&str> = outcomes.iter().filter_map(|o| o.error.as_deref()).collect();
    let mut posts: Vec<Duration> = outcomes.iter().filter(|o| o.ok).map(|o| o.post).collect();
    let mut rounds: Vec<Duration> = outcomes.iter().filter(|o| o.ok).map(|o| o.round).collect();
    posts.sort();
    rounds.sort();
    println!(
        "sent {total} answers in {:.2} s: {ok} answered, {} failed; achieved {:.1} answers/s \
         (target {:.0}/s; latest start {:.1} ms behind schedule)",
        elapsed,
        failed.len(),
        ok as f64 / elapsed,
        args.rate,
        late_max.as_secs_f64() * 1000.0
    );
    println!(
        "latency of the answer post (ms): p50 {:.1}  p95 {:.1}  p99 {:.1}  max {:.1}",
        percentile(&posts, 50.0),
        percentile(&posts, 95.0),
        percentile(&posts, 99.0),
        percentile(&posts, 100.0)
    );
    if follow {
        println!(
            "latency of post + thanks page (ms): p50 {:.1}  p95 {:.1}  p99 {:.1}  max {:.1}",
            percentile(&rounds, 50.0),
            percentile(&rounds, 95.0),
            percentile(&rounds, 99.0),
            percentile(&rounds, 100.0)
        );
    }
    for e in failed.iter().take(5) {
        println!("  failed: {e}");
    }

    failed.len()
}

/// What the server counted against what was sent, per statement (n and every score's count); prints the check
/// and gives the number of statements that differ.
async fn count_check(args: &Args, poll: i64, ids: &[i64], expected: &[[i64; 5]]) -> Result<usize> {
    let total: i64 = expected.iter().flatten().sum();
    let statements = expected.len();
    // The count check: what the server counted against what was sent.
    let results = api(&Client::new(), args, &format!("/api/v1/polls/{poll}"), None).await?;
    let mut mismatches = Vec::new();
    for (s, want) in expected.iter().enumerate() {
        let got = results["statements"]
            .as_array()
            .and_then(|all| all.iter().find(|x| x["id"].as_i64() == Some(ids[s])))
            .context("a statement missing from the results")?;
        let counts: Vec<i64> = got["counts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
            .collect();
        let n = got["n"].as_i64().unwrap_or(-1);
        let sent: i64 = want.iter().sum();
        if n != sent || counts != want.to_vec() {
            mismatches.push(format!(
                "statement {}: sent {sent} {want:?}, counted n = {n} {counts:?}",
                s + 1
            ));
        }
    }
    let counted: i64 = results["statements"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["n"].as_i64())
        .sum();
    println!(
        "count check: {counted} answers counted for {total} sent over {statements} statements; {}",
        if mismatches.is_empty() {
            "no lost answer, no double count".to_string()
        } else {
            format!("{} statements differ", mismatches.len())
        }
    );
    for m in &mismatches {
        println!("  {m}");
    }
    Ok(mismatches.len())
}

/// Awaits all futures side by side (tokio only: no extra crate for `join_all`).
async fn futures_join<F, T>(futures: Vec<F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let mut set = tokio::task::JoinSet::new();
    for (i, f) in futures.into_iter().enumerate() {
        set.spawn(async move { (i, f.await) });
    }
    let mut out: Vec<(usize, T)> = Vec::new();
    while let Some(Ok(r)) = set.join_next().await {
        out.push(r);
    }
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, t)| t).collect()
}
