//! Azure clouds: where Resource Manager lives and which token audience it takes.

/// An Azure cloud, with its Resource Manager endpoint and token audience.
///
/// For any other base URL (a proxy, Azure Stack, the `fake` server) use [`SentinelClientBuilder::endpoint`](crate::SentinelClientBuilder::endpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AzureCloud {
    /// Azure public cloud (`management.azure.com`).
    #[default]
    Public,
    /// Azure operated by 21Vianet in China (`management.chinacloudapi.cn`).
    China,
    /// Azure US Government (`management.usgovcloudapi.net`).
    UsGovernment,
}

impl AzureCloud {
    /// The Resource Manager endpoint, without a trailing slash.
    pub fn resource_manager_endpoint(self) -> &'static str {
        match self {
            Self::Public => "https://management.azure.com",
            Self::China => "https://management.chinacloudapi.cn",
            Self::UsGovernment => "https://management.usgovcloudapi.net",
        }
    }

    /// The audience Resource Manager tokens are issued for.
    pub fn audience(self) -> &'static str {
        self.resource_manager_endpoint()
    }

    /// The OAuth scope to request a Resource Manager token with (`{audience}/.default`).
    pub fn scope(self) -> String {
        format!("{}/.default", self.audience())
    }

    /// The Azure portal, for deep links.
    pub fn portal(self) -> &'static str {
        match self {
            Self::Public => "https://portal.azure.com",
            Self::China => "https://portal.azure.cn",
            Self::UsGovernment => "https://portal.azure.us",
        }
    }
}

impl std::str::FromStr for AzureCloud {
    type Err = String;

    /// `public`, `china` or `usgov` (also `usgovernment`), any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "public" | "azurepubliccloud" => Ok(Self::Public),
            "china" | "azurechinacloud" => Ok(Self::China),
            "usgov" | "usgovernment" | "azureusgovernment" => Ok(Self::UsGovernment),
            other => Err(format!(
                "unknown cloud `{other}` (expected public, china or usgov)"
            )),
        }
    }
}
