//! Token-bucket rate limits and the client address behind a trusted proxy.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;

/// Buckets kept before idle (full) ones are dropped, so the map cannot grow without bound.
const MAX_TRACKED_KEYS: usize = 100_000;

/// A token bucket per key: `burst` requests at once, refilled at `per_second`.
#[derive(Debug)]
pub struct RateLimiter<K> {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<K, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    /// `None` when `burst` is 0, which disables the limit.
    pub fn new(burst: u32, per: Duration) -> Option<Self> {
        (burst > 0).then(|| Self {
            per_second: f64::from(burst) / per.as_secs_f64(),
            burst: f64::from(burst),
            buckets: Mutex::new(HashMap::new()),
        })
    }

    /// Takes one token for `key`, or says how long until one is available.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_TRACKED_KEYS && !buckets.contains_key(key) {
            let (rate, burst) = (self.per_second, self.burst);
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * rate < burst
            });
        }
        let bucket = buckets.entry(key.clone()).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        let refill = now.duration_since(bucket.updated).as_secs_f64() * self.per_second;
        bucket.tokens = (bucket.tokens + refill).min(self.burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / self.per_second,
            ))
        }
    }
}

/// The client address: the peer, or, when the peer is a trusted proxy, the right-most
/// `X-Forwarded-For` entry that is not itself a trusted proxy.
pub fn client_ip(peer: SocketAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let peer_ip = peer.ip().to_canonical();
    if !trusted.contains(&peer_ip) {
        return peer_ip;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for entry in forwarded.iter().rev() {
        match entry.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip.to_canonical()) => continue,
            Ok(ip) => return ip.to_canonical(),
            Err(_) => return peer_ip,
        }
    }
    peer_ip
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn bucket_allows_burst_then_refuses_with_a_wait() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60)).expect("enabled");
        assert!(limiter.check(&1).is_ok());
        assert!(limiter.check(&1).is_ok());
        let wait = limiter.check(&1).expect_err("third refused");
        assert!(wait > Duration::from_secs(1));
        assert!(
            limiter.check(&2).is_ok(),
            "other keys have their own bucket"
        );
        assert!(RateLimiter::<u8>::new(0, Duration::from_secs(1)).is_none());
    }

    #[test]
    fn forwarded_for_counts_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().expect("ip");
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 1.2.3.4, 10.0.0.1"),
        );
        let from_proxy = SocketAddr::new(proxy, 5000);
        let direct: SocketAddr = "9.9.9.9:5000".parse().expect("addr");
        assert_eq!(
            client_ip(from_proxy, &headers, &[proxy]),
            "1.2.3.4".parse::<IpAddr>().expect("ip")
        );
        assert_eq!(client_ip(direct, &headers, &[proxy]), direct.ip());
        assert_eq!(client_ip(from_proxy, &headers, &[]), proxy);
        headers.insert("x-forwarded-for", HeaderValue::from_static("garbage"));
        assert_eq!(client_ip(from_proxy, &headers, &[proxy]), proxy);
    }
}
