//! Fetch one Microsoft Sentinel incident and print it.
//!
//! With no Azure details it starts the crate's fake server holding the
//! reference page's sample incident and fetches that, offline:
//!
//! ```text
//! cargo run --example get_incident
//! cargo run --example get_incident -- --output json
//! AZURE_ACCESS_TOKEN=$(az account get-access-token --query accessToken -o tsv) \
//!   cargo run --example get_incident -- --subscription <uuid> --resource-group <rg> \
//!   --workspace <ws> --incident <name>
//! ```
//!
//! Offline, `--incident NAME` asks the fake for another incident of the
//! sample's workspace: it answers 404, as Azure would.
//!
//! Exit codes: 0 success, 1 the request failed, 2 usage error or invalid input.

use std::process::ExitCode;
use std::sync::Arc;

use sentinel_incidents::fake::FakeSentinel;
use sentinel_incidents::types::Incident;
use sentinel_incidents::{
    AzureCloud, Credential, Error, IncidentId, IncidentResponse, SentinelClient, StaticToken,
    WorkspaceRef,
};

const SAMPLE: &str = include_str!("../tests/fixtures/sample-incident.json");

const USAGE: &str = "usage: get_incident [--endpoint URL] [--cloud public|china|usgov]
                    [--subscription UUID --resource-group NAME --workspace NAME --incident NAME | --id ARM_ID]
                    [--output summary|json]
       get_incident --help
With no subscription, workspace or id, it fetches from the reference sample's workspace: from a
local fake server that holds the sample (any other --incident gets a 404), or from --endpoint.
The token comes from AZURE_ACCESS_TOKEN, or with --features azure_identity from `az login`.
Exit codes: 0 success, 1 the request failed, 2 usage error or invalid input.";

#[derive(Default)]
struct Args {
    endpoint: Option<String>,
    cloud: AzureCloud,
    subscription: Option<String>,
    resource_group: Option<String>,
    workspace: Option<String>,
    incident: Option<String>,
    id: Option<String>,
    json: bool,
    help: bool,
}

fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut args = Args::default();
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("endpoint") => args.endpoint = Some(text(parser.value())?),
            Long("cloud") => args.cloud = text(parser.value())?.parse()?,
            Long("subscription") => args.subscription = Some(text(parser.value())?),
            Long("resource-group") => args.resource_group = Some(text(parser.value())?),
            Long("workspace") => args.workspace = Some(text(parser.value())?),
            Long("incident") => args.incident = Some(text(parser.value())?),
            Long("id") => args.id = Some(text(parser.value())?),
            Long("output") => {
                args.json = match text(parser.value())?.as_str() {
                    "json" => true,
                    "summary" => false,
                    other => {
                        return Err(format!("--output must be summary or json, not `{other}`"))
                    }
                }
            }
            Short('h') | Long("help") => args.help = true,
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(args)
}

fn text(value: Result<std::ffi::OsString, lexopt::Error>) -> Result<String, String> {
    value
        .map_err(|e| e.to_string())?
        .into_string()
        .map_err(|_| "arguments must be UTF-8".to_string())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) if args.help => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Request(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Usage(String),
    Request(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        match e {
            Error::InvalidInput { .. } | Error::Config(_) => Failure::Usage(e.to_string()),
            e => Failure::Request(e),
        }
    }
}

async fn run(args: Args) -> Result<(), Failure> {
    let wants_azure = args.subscription.is_some() || args.id.is_some() || args.workspace.is_some();
    // Kept alive until the end: the fake stops when dropped.
    let mut fake = None;
    let (endpoint, token, target) = if wants_azure {
        (
            args.endpoint.clone(),
            azure_credential()?,
            azure_target(&args)?,
        )
    } else {
        let sample: serde_json::Value = serde_json::from_str(SAMPLE).expect("the sample is JSON");
        // The sample's workspace and name, whatever the spec calls the collection.
        let sample_workspace =
            WorkspaceRef::from_resource_id(sample["id"].as_str().expect("the sample has an id"))?;
        let sample_name = sample["name"].as_str().expect("the sample has a name");
        let sample_id = IncidentId::new(sample_workspace, sample_name)?;
        let target = match &args.incident {
            Some(name) => IncidentId::new(sample_id.workspace().clone(), name)?,
            None => sample_id.clone(),
        };
        let endpoint = match &args.endpoint {
            Some(endpoint) => {
                eprintln!(
                    "No workspace given: fetching {} from {endpoint}",
                    target.name()
                );
                endpoint.clone()
            }
            None => {
                let server = FakeSentinel::start()
                    .await
                    .map_err(|e| Failure::Usage(format!("cannot start the fake server: {e}")))?;
                server.insert_incident(sample_id.workspace(), sample_id.name(), sample);
                let url = server.url();
                eprintln!(
                    "No Azure details given: fetching {} from a local fake server at {url}, which holds the reference sample {}",
                    target.name(),
                    sample_id.name()
                );
                fake = Some(server);
                url
            }
        };
        let token: Arc<dyn Credential> =
            Arc::new(StaticToken::from_env().unwrap_or_else(|| StaticToken::new("fake-token")));
        (Some(endpoint), token, target)
    };

    let mut builder = SentinelClient::builder()
        .cloud(args.cloud)
        .shared_credential(token);
    if let Some(endpoint) = endpoint {
        builder = builder.endpoint(endpoint);
    }
    let client = builder.build()?;
    let response = client.get_incident_by_id_with_response(&target).await?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&response.incident).expect("incidents encode")
        );
    } else {
        print!("{}", summary(&response, args.cloud));
    }
    drop(fake);
    Ok(())
}

/// The incident the Azure flags name: `--id`, or the four names.
fn azure_target(args: &Args) -> Result<IncidentId, Failure> {
    if let Some(id) = &args.id {
        return Ok(IncidentId::parse(id)?);
    }
    let required = |value: &Option<String>, flag: &str| {
        value.clone().ok_or_else(|| {
            Failure::Usage(format!(
                "{flag} is required with --subscription/--workspace"
            ))
        })
    };
    let ws = WorkspaceRef::new(
        required(&args.subscription, "--subscription")?,
        required(&args.resource_group, "--resource-group")?,
        required(&args.workspace, "--workspace")?,
    )?;
    Ok(IncidentId::new(
        ws,
        required(&args.incident, "--incident")?,
    )?)
}

/// `AZURE_ACCESS_TOKEN`, else (with the `azure_identity` feature) the
/// developer tools credential: `az login` or `azd auth login`.
fn azure_credential() -> Result<Arc<dyn Credential>, Failure> {
    if let Some(token) = StaticToken::from_env() {
        return Ok(Arc::new(token));
    }
    #[cfg(feature = "azure_identity")]
    {
        let credential = sentinel_incidents::azure_identity::DeveloperToolsCredential::new(None)
            .map_err(|e| Failure::Usage(format!("no developer credential: {e}")))?;
        Ok(Arc::new(sentinel_incidents::AzureCoreCredential::new(
            credential,
        )))
    }
    #[cfg(not(feature = "azure_identity"))]
    Err(Failure::Usage(format!(
        "set {} to an Azure Resource Manager token (or build with --features azure_identity to use `az login`)",
        StaticToken::ENV_VAR
    )))
}

fn summary(response: &IncidentResponse, cloud: AzureCloud) -> String {
    let incident: &Incident = &response.incident;
    let mut out = String::new();
    let mut line = |label: &str, value: String| out.push_str(&format!("  {label:<16}{value}\n"));
    let none = || "-".to_string();
    let time = |t: &Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_else(none)
    };
    let Some(p) = &incident.properties else {
        return format!(
            "Incident {} has no properties\n",
            incident.name.as_deref().unwrap_or("?")
        );
    };
    let header = format!(
        "Incident #{}: {}\n",
        p.incident_number
            .map(|n| n.to_string())
            .unwrap_or_else(|| "?".into()),
        p.title
    );
    line("Severity", p.severity.to_string());
    let mut status = p.status.to_string();
    if let Some(c) = &p.classification {
        status.push_str(&format!(" ({c}"));
        if let Some(r) = &p.classification_reason {
            status.push_str(&format!(", {r}"));
        }
        status.push(')');
    }
    line("Status", status);
    if let Some(comment) = &p.classification_comment {
        line("Comment", comment.clone());
    }
    let owner = p.owner.as_ref().and_then(|o| {
        let name = o
            .assigned_to
            .clone()
            .or_else(|| o.user_principal_name.clone())?;
        Some(match &o.email {
            Some(email) => format!("{name} <{email}>"),
            None => name,
        })
    });
    line("Owner", owner.unwrap_or_else(|| "unassigned".into()));
    let labels: Vec<String> = p
        .labels
        .iter()
        .flatten()
        .map(|l| l.label_name.clone())
        .collect();
    line(
        "Labels",
        if labels.is_empty() {
            none()
        } else {
            labels.join(", ")
        },
    );
    let data = p.additional_data.as_ref();
    let tactics: Vec<String> = data
        .and_then(|d| d.tactics.as_ref())
        .into_iter()
        .flatten()
        .map(|t| t.to_string())
        .collect();
    line(
        "Tactics",
        if tactics.is_empty() {
            none()
        } else {
            tactics.join(", ")
        },
    );
    if let Some(d) = data {
        let n = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_else(none);
        line(
            "Counts",
            format!(
                "{} alerts, {} comments, {} bookmarks",
                n(d.alerts_count),
                n(d.comments_count),
                n(d.bookmarks_count)
            ),
        );
    }
    line("Created", time(&p.created_time_utc));
    line("First activity", time(&p.first_activity_time_utc));
    line("Last activity", time(&p.last_activity_time_utc));
    line("Modified", time(&p.last_modified_time_utc));
    if let Some(provider) = &p.provider_name {
        line("Provider", provider.clone());
    }
    let portal = p.incident_url.clone().or_else(|| {
        incident.id.as_ref().map(|id| {
            format!(
                "{}/#asset/Microsoft_Azure_Security_Insights/Incident{id}",
                cloud.portal()
            )
        })
    });
    line("Portal", portal.unwrap_or_else(none));
    if let Some(id) = &response.request_ids.request_id {
        line("Request id", id.clone());
    }
    header + &out
}
