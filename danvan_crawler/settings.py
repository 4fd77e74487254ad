"""Scrapy settings: polite defaults for small government servers.

Components are plugged in here by dotted path. The crawl's own ``DANVAN_*`` settings
are read in one place (``crawl/config.py``); their defaults are the ones documented below.
"""

BOT_NAME = "danvan_crawler"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

USER_AGENT = (
    "danvan-crawler/0.1 (+research crawler of Vietnamese local government news; "
    "one request at a time, obeys robots.txt)"
)
ROBOTSTXT_OBEY = True

# One request at a time per host, with a delay that AutoThrottle stretches when the server slows.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's RemoteControl extension starts, for every crawler (one per site), an
# aiohttp server that runs Python code sent to it, and leaves a job file with its token
# in the user's state directory (left behind when a run is killed). An unattended crawl
# of many sites needs neither a code-execution endpoint nor a server and a socket per
# site. (crawl/switched_off.py keeps Scrapy from importing it, and aiohttp with it.)
REMOTE_CONTROL_ENABLED = False
# Scrapy re-reads and parses a callback's source to warn about generators returning a
# value, and misses its cache for every new bound method: ~1 ms of CPU per response.
# Our callbacks are covered by tests instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Outputs of one callback processed at once. Scrapy starts this many asyncio tasks for
# every callback (default 100); ours yield one article or a listing's few requests, and
# the pipelines are synchronous, so 100 only cost ~200 queue operations per response.
CONCURRENT_ITEMS = 8

# Before RetryMiddleware (550) and RedirectMiddleware (600) see each response.
DOWNLOADER_MIDDLEWARES = {
    "danvan_crawler.crawl.middlewares.RetryRecorder": 560,
    # Scrapy's meta refresh, without decoding every page to find none (middlewares.py).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "danvan_crawler.crawl.middlewares.HeadMetaRefresh": 580,
    "danvan_crawler.crawl.middlewares.RedirectGuard": 650,
    "danvan_crawler.crawl.middlewares.ForwardProxy": 740,
}

ITEM_PIPELINES = {
    "danvan_crawler.crawl.pipelines.validate.ValidatePipeline": 100,
    "danvan_crawler.crawl.pipelines.dedup.DedupPipeline": 200,
    "danvan_crawler.crawl.pipelines.store.StorePipeline": 300,
}
# Components switched off above (cookies, telnet, remote control) are not even imported.
ADDONS = {
    "danvan_crawler.crawl.switched_off.SkipSwitchedOff": 0,
}
# The crawl context: database, run row, crawl state and failures, for every component.
EXTENSIONS = {
    "danvan_crawler.crawl.context.CrawlContext": 500,
}

# Where articles land (sqlite-utils database; created on first use).
DANVAN_DB = "output/danvan.db"
# An article whose extracted body is shorter than this is a failure ("no body text").
DANVAN_MIN_TEXT_CHARS = 1

# Incremental crawling (see docs/scheduling.md): skip stored articles, stop paging at
# the first listing page with nothing new, fetch listings conditionally.
DANVAN_INCREMENTAL = True
# Re-fetch stored articles published within this many days, to keep their edits.
DANVAN_RECENT_DAYS = 7
# Ignore the incremental state: walk every page, re-fetch every article (--full).
DANVAN_FULL = False
# Listing pages per section at most (0: no limit; --max-pages, or the spider argument max_pages).
DANVAN_MAX_PAGES = 0

# Topic tag rules (TOML); None: the packaged danvan_crawler/data/tags.toml.
DANVAN_TAG_RULES = None
# The OpenSSL security level this process runs at, when a parent lowered it for the sites
# with ``tls_security_level`` (crawl/legacy_tls.py); None: OpenSSL's default.
DANVAN_TLS_SECLEVEL = None

# An HTTP forward proxy for every request, e.g. "http://127.0.0.1:3128" (None: none).
# `crawl --replicas` sets it to the replica front door.
DANVAN_HTTP_PROXY = None
# Near-duplicate candidates (LSH) compared per stored article at most (store/clusters.py).
DANVAN_NEAR_DUP_CANDIDATES = 100
# Articles written in one transaction at most, and the longest an article waits for its
# batch's commit, in seconds (crawl/write_batch.py: one transaction per article rewrote
# ~6 times the pages). 1: each article in a transaction of its own.
DANVAN_STORE_BATCH = 32
DANVAN_STORE_BATCH_SECONDS = 0.2

# Sites in progress at once, all processes together (`crawl --sites-at-once`); the others
# wait in a queue and start as sites end, so memory and sockets stay bounded whatever the
# number of sites. A polite site makes about one request a second and a page costs tens of
# milliseconds of CPU: 32 sites keep one core of this 2-core machine busy.
DANVAN_SITES_AT_ONCE = 32
# When `danvan crawl` does not write to a terminal (cron), a progress line per site in
# progress every this many seconds.
DANVAN_HEARTBEAT = 60

LOG_LEVEL = "INFO"
