// Generated from /docs/json by `npm run client:types` (openapi-typescript): do not edit.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up and its event loop turns */
        get: operations["getHealthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics in the text exposition format (Authorization: Bearer <METRICS_TOKEN>; loopback clients only without one) */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: PostgreSQL and NATS reachable and the node not draining (503 otherwise) */
        get: operations["getReadyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API root: version and where the documentation is */
        get: operations["getV1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/ads/advertisers/{id}/credits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Credit an advertiser's prepaid balance (administrators; stands in for Stripe top-ups) */
        post: operations["postV1AdminAdsAdvertisersByIdCredits"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Jobs, newest change first; `?state=failed` lists the dead letters */
        get: operations["getV1AdminJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/jobs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a failed job again, its attempts counted afresh */
        post: operations["postV1AdminJobsByIdRetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/moderation/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who did what in moderation, newest first */
        get: operations["getV1AdminModerationAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/moderation/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Moderation policies */
        get: operations["getV1AdminModerationPolicies"];
        /**
         * Replace the moderation policies
         * @description Per label value and score threshold an outcome: allow, sensitive, age_restrict, hold (invisible to others until a moderator decides), remove. A label meets its highest threshold reached; a subject gets the strongest outcome.
         */
        put: operations["putV1AdminModerationPolicies"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/moderation/terms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The term lists */
        get: operations["getV1AdminModerationTerms"];
        put?: never;
        /** Add a term */
        post: operations["postV1AdminModerationTerms"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/moderation/terms/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a term */
        delete: operations["deleteV1AdminModerationTermsById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/notifications/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Notification deliveries, newest first, by channel, state, type, account */
        get: operations["getV1AdminNotificationsDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/notifications/deliveries/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deliveries per channel and outcome over the last hours (24 by default) */
        get: operations["getV1AdminNotificationsDeliveriesSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/payments/events/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle a failed event again now */
        post: operations["postV1AdminPaymentsEventsByIdRetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/payments/events/failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stripe events whose handling failed every retry */
        get: operations["getV1AdminPaymentsEventsFailed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/payments/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refund a payment (the creator's share comes back from their account; the ledger moves on refund.created) */
        post: operations["postV1AdminPaymentsRefunds"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/payments/totals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ledger's balances and its invariant check */
        get: operations["getV1AdminPaymentsTotals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an account: exactly one of role, suspend (reason, until), ban (reason) or restore
         * @description Takes effect on every node within seconds: the account's access tokens are refused from then on.
         */
        patch: operations["patchV1AdminUsersById"];
        trace?: never;
    };
    "/v1/ads/advertisers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open an advertiser account (the role advertiser is granted; a prepaid balance) */
        post: operations["postV1AdsAdvertisers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ads/advertisers/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's advertiser account and balance */
        get: operations["getV1AdsAdvertisersMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ads/advertisers/me/top-ups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Top up the prepaid balance through Stripe Checkout (not available yet: 501) */
        post: operations["postV1AdsAdvertisersMeTop-ups"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ads/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's campaigns, newest first */
        get: operations["getV1AdsCampaigns"];
        put?: never;
        /** Create a campaign (a draft) */
        post: operations["postV1AdsCampaigns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ads/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A campaign of the caller */
        get: operations["getV1AdsCampaignsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a campaign (not once completed or rejected) */
        patch: operations["patchV1AdsCampaignsById"];
        trace?: never;
    };
    "/v1/ads/campaigns/{id}/creatives": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A campaign's creatives and their review */
        get: operations["getV1AdsCampaignsByIdCreatives"];
        put?: never;
        /** Add a creative: a feed card or a video pre-roll (≤ 30 s, skippable after 5 s); screened before use */
        post: operations["postV1AdsCampaignsByIdCreatives"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ads/campaigns/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause an active campaign */
        post: operations["postV1AdsCampaignsByIdPause"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ads/campaigns/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A campaign's report: impressions, clicks, CTR, spend, reach, frequency, video quartiles, by time and country
         * @description Also as CSV: /report.csv (the series; ?breakdown=country for the countries).
         */
        get: operations["getV1AdsCampaignsByIdReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ads/campaigns/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused campaign */
        post: operations["postV1AdsCampaignsByIdResume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ads/campaigns/{id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit a draft for review: active once a creative passes screening, rejected if none does */
        post: operations["postV1AdsCampaignsByIdSubmit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ads/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a tracking event of a serving (impression, click, video quartiles, skip)
         * @description The token is the serving's (forged, altered or expired: 403); each kind counts once per serving (a replay: 409). An impression counts when at least 50% of the ad was visible for 1 s. Events past ADS_EVENTS_PER_HOUR per viewer or address, or sent by another signed-in user than the one served, are filtered (counted: false).
         */
        post: operations["postV1AdsEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/creators/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your analytics as a creator
         * @description Views, watch time, followers gained and lost, engagement and your top content. Revenue: null until payments exist.
         */
        get: operations["getV1AnalyticsCreatorsMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a batch of client events (views, impressions, clicks, shares, profile visits, live viewing)
         * @description Up to 500 events, signed in or anonymous. Answers 202 once the batch is in the message bus; the worker stores it within seconds. An event sent again with the same id counts once; a time ahead of the server’s clock is taken as now; one more than 48 hours old is dropped. Anonymous viewers are counted by a hash of their address and browser under a salt that changes daily (never stored as they are).
         */
        post: operations["postV1AnalyticsEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/platform": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Platform figures (admins)
         * @description DAU/WAU/MAU, sign-ups, content volume, uploads and encoding minutes, views, moderation figures. Revenue figures: null until payments exist.
         */
        get: operations["getV1AnalyticsPlatform"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/platform/cohorts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retention cohorts by sign-up week (admins) */
        get: operations["getV1AnalyticsPlatformCohorts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/posts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Analytics of one of your posts
         * @description Impressions, reach, engagement and traffic sources. With `.csv` after the id, the series as a CSV file (text/csv).
         */
        get: operations["getV1AnalyticsPostsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/streams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Analytics of one of your live streams
         * @description Peak and average viewers, unique viewers, chat rate. With `.csv` after the id, the series as a CSV file (text/csv).
         */
        get: operations["getV1AnalyticsStreamsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/videos/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Analytics of one of your videos
         * @description Views, unique viewers, watch time, average view duration, the retention curve, traffic sources, countries, devices and new followers, from the rollups (the current hour included). With `.csv` after the id, the series as a CSV file (text/csv).
         */
        get: operations["getV1AnalyticsVideosById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Appeal an action taken on your account or content
         * @description Once per action, within MODERATION_APPEAL_DAYS of it.
         */
        post: operations["postV1Appeals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An appeal (its appellant, or moderators) */
        get: operations["getV1AppealsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide an appeal: upheld, or reversed (the action is undone)
         * @description By a moderator other than the one who took the action.
         */
        post: operations["postV1AppealsByIdDecision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/2fa/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-factor sign-in off (needs the password and a code) */
        post: operations["postV1Auth2faDisable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/2fa/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-factor sign-in on with a first code from the app */
        post: operations["postV1Auth2faEnable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/2fa/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start two-factor set-up: a new TOTP secret (not in force until enabled)
         * @description `password` is required when the account has one (422 naming it when missing).
         */
        post: operations["postV1Auth2faSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/email/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a new verification link */
        post: operations["postV1AuthEmailResend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/email/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an e-mail address with the mailed code */
        post: operations["postV1AuthEmailVerify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with username or e-mail and password
         * @description A wrong login and a wrong password get the same answer. After five failures for one account name, further attempts are refused with 429 and Retry-After (one more every three minutes), and the owner is told by mail, at most once a day. A client that signed in to the account before (it sends the deviceToken that sign-in answered, or comes from an address the account signed in from) is not held up by failures of others: it has a budget of its own. With two-factor sign-in on, the answer is a ticket for POST /v1/auth/login/2fa instead of tokens.
         */
        post: operations["postV1AuthLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login/2fa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Second step of a two-factor sign-in: the ticket and a TOTP or recovery code */
        post: operations["postV1AuthLogin2fa"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign this session out */
        post: operations["postV1AuthLogout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign every session of this account out */
        post: operations["postV1AuthLogout-all"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oauth/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unlink a provider (refused when it is the only way left to sign in) */
        delete: operations["deleteV1AuthOauthByProvider"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oauth/{provider}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the provider sends the browser back (GET, or POST for Apple's form_post)
         * @description Without returnTo the answer is the session as JSON (200). With returnTo it is a 303 to returnTo with `oauth_code`, to trade at POST /v1/auth/oauth/exchange: tokens never travel in URLs.
         */
        get: operations["getV1AuthOauthByProviderCallback"];
        put?: never;
        /**
         * Where the provider sends the browser back (GET, or POST for Apple's form_post)
         * @description Without returnTo the answer is the session as JSON (200). With returnTo it is a 303 to returnTo with `oauth_code`, to trade at POST /v1/auth/oauth/exchange: tokens never travel in URLs.
         */
        post: operations["postV1AuthOauthByProviderCallback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oauth/{provider}/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Link a provider account to the signed-in account: open authorizationUrl in this browser */
        post: operations["postV1AuthOauthByProviderLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oauth/{provider}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Start signing in with Google, Apple or Facebook (302 to the provider) */
        get: operations["getV1AuthOauthByProviderStart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oauth/exchange": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Trade the one-time oauth_code from a redirect for tokens */
        post: operations["postV1AuthOauthExchange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oauth/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Provider accounts linked to the signed-in account */
        get: operations["getV1AuthOauthIdentities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password/change": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the password (signs the other sessions out) */
        post: operations["postV1AuthPasswordChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a password reset link (202 whether or not the address has an account)
         * @description The new link cancels the older ones; a reset, or a password change, cancels every link still outstanding.
         */
        post: operations["postV1AuthPasswordForgot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Choose a new password with the mailed code (signs every session out) */
        post: operations["postV1AuthPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a refresh token for a new pair (the old one stops working)
         * @description A refresh token presented twice signs the whole session out (refresh_token_reused).
         */
        post: operations["postV1AuthRefresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign up: mails a link that creates the account (202 whether or not the address has one)
         * @description The answer is the same, 202 with no body, for a new address and for one that already has an account, so that it never says which addresses are registered. A new address is mailed a link (48 hours, once) for POST /v1/auth/register/confirm, which creates the account and signs in; the owner of a taken address is mailed that someone tried to sign up with it. Nothing is held until the link is used: not the username, not the address. A taken username is refused at once (409 username_taken): usernames are public. An invalid username or a weak password is 422.
         */
        post: operations["postV1AuthRegister"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/register/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish signing up with the mailed code: creates the account (address verified) and signs in
         * @description The code works once, for 48 hours (410 link_expired). 409 username_taken or email_taken when the name or the address was taken since the link was mailed (the holder of the link owns the mailbox).
         */
        post: operations["postV1AuthRegisterConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in sessions of this account */
        get: operations["getV1AuthSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Sign one session out */
        delete: operations["deleteV1AuthSessionsById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blocks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Accounts the signed-in account blocks */
        get: operations["getV1Blocks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bookmark-collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bookmark collections, by name */
        get: operations["getV1Bookmark-collections"];
        put?: never;
        /** Create a collection */
        post: operations["postV1Bookmark-collections"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bookmark-collections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a collection (its bookmarks stay, outside any collection) */
        delete: operations["deleteV1Bookmark-collectionsById"];
        options?: never;
        head?: never;
        /** Rename a collection */
        patch: operations["patchV1Bookmark-collectionsById"];
        trace?: never;
    };
    "/v1/bookmarks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bookmarked posts, newest bookmark first (optionally one collection) */
        get: operations["getV1Bookmarks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in account's conversations, most recently active first */
        get: operations["getV1Conversations"];
        put?: never;
        /**
         * Opens a conversation (one-to-one or a group)
         * @description Each member's message policy (everyone, accounts they follow, nobody) must let you in; accounts that block you, or that you block, are not found. In a group, each member who does not follow you counts against `messages.add_strangers` (429 naming it in `rateLimitClass`).
         */
        post: operations["postV1Conversations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One conversation */
        get: operations["getV1ConversationsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Leaves a group (your own id), or removes a member of a group you created
         * @description The room hears of it (`member.left` or `member.removed`, data: `userId`, `by`); the member stops hearing the room at once. A one-to-one conversation is not left (409 `conversation_not_left`): block the account instead.
         */
        delete: operations["deleteV1ConversationsByIdMembersByUserId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Messages of a conversation, newest first */
        get: operations["getV1ConversationsByIdMessages"];
        put?: never;
        /**
         * Sends a message (also possible over the gateway: op "message.send")
         * @description Members subscribed to the room `dm:<id>` get it at once, in order, with its seq.
         */
        post: operations["postV1ConversationsByIdMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/messages/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Deletes one of your messages (its place stays, without text) */
        delete: operations["deleteV1ConversationsByIdMessagesByMessageId"];
        options?: never;
        head?: never;
        /** Edits one of your messages */
        patch: operations["patchV1ConversationsByIdMessagesByMessageId"];
        trace?: never;
    };
    "/v1/conversations/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A read receipt: you have read up to seq
         * @description The room hears of it (`read` event with userId and readSeq).
         */
        post: operations["postV1ConversationsByIdRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/typing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Tells the other members you are typing (also op "typing" over the gateway)
         * @description They get a `typing` event on their own user channel; nothing is stored.
         */
        post: operations["postV1ConversationsByIdTyping"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/copyright/claims": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Copyright claims, newest first */
        get: operations["getV1CopyrightClaims"];
        put?: never;
        /**
         * Claim a video by hand (rightsholders)
         * @description The reference’s policy applies at once, as for a match.
         */
        post: operations["postV1CopyrightClaims"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/copyright/claims/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A claim (its uploader, its holder, or admins) */
        get: operations["getV1CopyrightClaimsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/copyright/claims/{id}/dispute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dispute a claim on your video (once)
         * @description The holder releases or upholds it within COPYRIGHT_DISPUTE_DAYS; unanswered, it is released.
         */
        post: operations["postV1CopyrightClaimsByIdDispute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/copyright/claims/{id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Release a disputed claim (its holder, or admins) */
        post: operations["postV1CopyrightClaimsByIdRelease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/copyright/claims/{id}/trim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cut the claimed segments out of your video
         * @description A job re-encodes the original without the claim’s segments; the claim is then released (`trimmed` in its history) and the video encoded and matched again (`processing`, then `checking`): a reference still found claims it anew.
         */
        post: operations["postV1CopyrightClaimsByIdTrim"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/copyright/claims/{id}/uphold": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Uphold a disputed claim (its holder, or admins) */
        post: operations["postV1CopyrightClaimsByIdUphold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/copyright/references": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your references, newest first */
        get: operations["getV1CopyrightReferences"];
        put?: never;
        /**
         * Add a reference (rightsholders)
         * @description From a finished upload or one of your videos. Fingerprinting runs as a job (its progress is pushed like encodes); the reference is matched once `active`.
         */
        post: operations["postV1CopyrightReferences"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/copyright/references/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your references */
        get: operations["getV1CopyrightReferencesById"];
        put?: never;
        post?: never;
        /** Remove a reference (no longer matched; its claims stay) */
        delete: operations["deleteV1CopyrightReferencesById"];
        options?: never;
        head?: never;
        /**
         * Change a reference’s title, policies or minimum match
         * @description Applies to claims made from now on.
         */
        patch: operations["patchV1CopyrightReferencesById"];
        trace?: never;
    };
    "/v1/creators/{id}/tiers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A creator's membership tiers (how to subscribe), cheapest first */
        get: operations["getV1CreatorsByIdTiers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/creators/me/balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the platform owes you, per currency (from the ledger) */
        get: operations["getV1CreatorsMeBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/creators/me/payouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your Connect account as Stripe last reported it */
        get: operations["getV1CreatorsMePayouts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/creators/me/payouts/onboarding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set up payouts: a link to Stripe Connect's onboarding (an Express account is made once) */
        post: operations["postV1CreatorsMePayoutsOnboarding"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/creators/me/statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your ledger movements of a month, JSON or CSV */
        get: operations["getV1CreatorsMeStatements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/creators/me/subscribers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your subscribers, newest first */
        get: operations["getV1CreatorsMeSubscribers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/creators/me/tiers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your tiers, archived ones too */
        get: operations["getV1CreatorsMeTiers"];
        put?: never;
        /** Offer a membership tier (a Stripe product and prices); the first makes you a creator */
        post: operations["postV1CreatorsMeTiers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/creators/me/tiers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a tier; a new price makes new Stripe prices (subscribers keep theirs) */
        patch: operations["patchV1CreatorsMeTiersById"];
        trace?: never;
    };
    "/v1/creators/me/tiers/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a tier: no new subscribers; existing ones stay */
        post: operations["postV1CreatorsMeTiersByIdArchive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/creators/me/tiers/{id}/offers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An offer on a tier (a Stripe coupon) */
        post: operations["postV1CreatorsMeTiersByIdOffers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Registers a mobile device (an FCM registration token) */
        post: operations["postV1Devices"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Removes a device */
        delete: operations["deleteV1DevicesById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/follow-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Follow requests waiting for the signed-in account */
        get: operations["getV1Follow-requests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/follow-requests/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept a follow request */
        post: operations["postV1Follow-requestsByIdAccept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/follow-requests/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a follow request */
        post: operations["postV1Follow-requestsByIdReject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A job of mine (an encoding...): its state and progress
         * @description Live changes also arrive on the gateway as `job` events on the user channel.
         */
        get: operations["getV1JobsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/chat/terms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your banned terms, refused in the chat of all your streams */
        get: operations["getV1LiveChatTerms"];
        /**
         * Replaces your banned terms (matched case-insensitively, NFKC-folded, anywhere in a message)
         * @description At most 500 terms of 1 to 60 characters; checked before a message is stored.
         */
        put: operations["putV1LiveChatTerms"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Streams the viewer may see, newest first (e.g. ?state=live)
         * @description Unlisted streams are listed only to their owner, with ?owner=<their username>.
         */
        get: operations["getV1LiveStreams"];
        put?: never;
        /**
         * Set up a live stream: where to push and the stream key (shown once)
         * @description The stream is `idle` until a pusher arrives with the key, then `live`; it ends LIVE_IDLE_END_SECONDS after media stops, or at LIVE_MAX_HOURS. State changes are pushed on the gateway channel `live:<id>`.
         */
        post: operations["postV1LiveStreams"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A live stream */
        get: operations["getV1LiveStreamsById"];
        put?: never;
        post?: never;
        /** Delete a stream of mine; a live one ends first (its recording is still made) */
        delete: operations["deleteV1LiveStreamsById"];
        options?: never;
        head?: never;
        /** Edit a stream of mine (also while live: viewers get the change on `live:<id>`) */
        patch: operations["patchV1LiveStreamsById"];
        trace?: never;
    };
    "/v1/live/streams/{id}/audience": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Who may see one of your live streams: everyone, or your subscribers */
        put: operations["putV1LiveStreamsByIdAudience"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}/chat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The chat of a stream in order, during and after it (the replay of the recording)
         * @description Deleted messages are left out. With the pinned message.
         */
        get: operations["getV1LiveStreamsByIdChat"];
        put?: never;
        /**
         * Writes in the chat of a stream (also op `chat.send` over the gateway)
         * @description Everyone on `live:<id>` gets it as a `chat.message` event. Refused: in an ended stream (409 `stream_ended`); banned (403 `chat_banned`) or timed out (403 `chat_timed_out`, Retry-After); followers-only (403 `followers_only`), subscribers-only (403 `subscribers_only`), emote-only (422 `emote_only`) chats; a banned term of the streamer (422 `banned_term`); slow mode (429 `slow_mode`, Retry-After). The streamer and moderators are exempt from the modes. 201 when stored, 200 for a resend of the same `clientId`.
         */
        post: operations["postV1LiveStreamsByIdChat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}/chat/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Deletes a chat message (streamer and moderators): the room gets `chat.deleted` */
        delete: operations["deleteV1LiveStreamsByIdChatByMessageId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}/chat/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the streamer and moderators did in the stream's chat, newest first */
        get: operations["getV1LiveStreamsByIdChatAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}/chat/bans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bans a user from the chat and the room: the room gets `user.banned`, their subscription is dropped */
        post: operations["postV1LiveStreamsByIdChatBans"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}/chat/bans/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Lifts a ban */
        delete: operations["deleteV1LiveStreamsByIdChatBansByUserId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}/chat/pin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Pins a message, one at a time (streamer and moderators): the room gets `chat.pinned` */
        put: operations["putV1LiveStreamsByIdChatPin"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}/chat/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Changes the chat's modes (streamer and moderators): the room gets the stream's new view */
        patch: operations["patchV1LiveStreamsByIdChatSettings"];
        trace?: never;
    };
    "/v1/live/streams/{id}/chat/timeouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Times a user out of the chat (they still watch): the room gets `user.timedout` */
        post: operations["postV1LiveStreamsByIdChatTimeouts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}/key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new stream key: the old one is refused at once and a pusher on it is cut
         * @description A live stream stays live for LIVE_IDLE_END_SECONDS, waiting for the pusher to come back with the new key.
         */
        post: operations["postV1LiveStreamsByIdKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}/moderators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The stream's moderators: its own, and those of all its owner's streams */
        get: operations["getV1LiveStreamsByIdModerators"];
        put?: never;
        /** Appoints a moderator of this stream, or of all your streams (`scope: channel`) */
        post: operations["postV1LiveStreamsByIdModerators"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}/moderators/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Removes a moderator */
        delete: operations["deleteV1LiveStreamsByIdModeratorsByUserId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/live/streams/{id}/playback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where to play the stream: its live HLS while live, its recording once that is a video
         * @description The signed URL opens the live session's playlists and segments until it expires. 409 when the stream is not live and has no ready recording.
         */
        get: operations["getV1LiveStreamsByIdPlayback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in account, and its profile as others see it (with its settings) */
        get: operations["getV1Me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Edit the signed-in account's profile and privacy */
        patch: operations["patchV1Me"];
        trace?: never;
    };
    "/v1/me/ad-preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the caller opted out of ads, and the time zone ads are scheduled in */
        get: operations["getV1MeAd-preferences"];
        /** Opt out of ads (where the law gives the choice), set a time zone */
        put: operations["putV1MeAd-preferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/phone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sets the phone number for SMS: a code is texted to it, to send to /v1/me/phone/verify */
        post: operations["postV1MePhone"];
        /** Removes the phone number */
        delete: operations["deleteV1MePhone"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/phone/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verifies the phone number with the texted code */
        post: operations["postV1MePhoneVerify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload an image (multipart/form-data) to attach to a post with mediaIds
         * @description The type is read from the bytes; EXIF (location included) is removed; 400 and 1600 px WebP renditions are made. At most 40 megapixels (413 with maxPixels). An image no post takes within MEDIA_UNATTACHED_HOURS is removed; past MEDIA_UNATTACHED_MAX unattached images, uploads get 429 (Retry-After: when the oldest expires).
         */
        post: operations["postV1Media"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media/{id}/{variant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An image rendition (cacheable forever: a new upload gets a new id)
         * @description An image held or removed by moderation is served only to its owner and moderators (a token is then needed); others get 404.
         */
        get: operations["getV1MediaByIdByVariant"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Act on a subject: remove, sensitive, age_restrict, hold, warn, limit, suspend, ban
         * @description Content actions apply to posts (and kinds whose modules register a handler, e.g. messages); warn to anything; limit, suspend and ban to the account owning the subject. The statement of reasons is kept and sent to the target as a notification.
         */
        post: operations["postV1ModerationActions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/actions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An action and its statement of reasons (its target, or moderators) */
        get: operations["getV1ModerationActionsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/actions/{id}/reverse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reverse an action: the subject goes back to what it was */
        post: operations["postV1ModerationActionsByIdReverse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/appeals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Appeals, newest first (pending by default) */
        get: operations["getV1ModerationAppeals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The queue: cases by priority (then oldest first)
         * @description Open cases by default; filters by state, category, subject kind, assignee.
         */
        get: operations["getV1ModerationCases"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/cases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A case with its reports and notes */
        get: operations["getV1ModerationCasesById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/cases/{id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign a case */
        post: operations["postV1ModerationCasesByIdAssign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/cases/{id}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve a case without an action (reporters are told) */
        post: operations["postV1ModerationCasesByIdDismiss"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/cases/{id}/escalate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Escalate a case to administrators */
        post: operations["postV1ModerationCasesByIdEscalate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/cases/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a note to a case */
        post: operations["postV1ModerationCasesByIdNotes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subject's labels, oldest first */
        get: operations["getV1ModerationLabels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/mutes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Accounts the signed-in account mutes (expired mutes are gone) */
        get: operations["getV1Mutes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in account's notifications, newest first
         * @description Follows, follow requests, likes, reposts, replies, mentions and quotes. Nobody blocked either way or muted appears, nor posts the account can no longer see. New ones are also pushed to the account's gateway connections as `{"op":"event","channel":"user:<id>","type":"notification"}`.
         */
        get: operations["getV1Notifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Notifications grouped by what they are about ("12 people liked your post")
         * @description Newest group first, over the last 30 days; computed from the notifications, not stored.
         */
        get: operations["getV1NotificationsGroups"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/open/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tracked link of a notification (e-mail button, push click): marks it opened, redirects */
        get: operations["getV1NotificationsOpenByToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Notification preferences: type × channel, from whom, strangers, quiet hours, digests */
        get: operations["getV1NotificationsPreferences"];
        /**
         * Changes notification preferences (only what is given)
         * @description SMS for social types needs a verified number (POST /v1/me/phone).
         */
        put: operations["putV1NotificationsPreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Marks notifications read: some by id, or all
         * @description The account's other connections get `{"op":"event","type":"notifications.read","data":{"unreadCount":n}}`.
         */
        post: operations["postV1NotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Notifications held from strangers (filterStrangers), newest first */
        get: operations["getV1NotificationsRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/requests/{actorId}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accepts a stranger's held notifications: they join the list, and later ones are not held */
        post: operations["postV1NotificationsRequestsByActorIdAccept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/requests/{actorId}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dismisses a stranger's held notifications */
        post: operations["postV1NotificationsRequestsByActorIdDismiss"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/unread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many notifications are unread */
        get: operations["getV1NotificationsUnread-count"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an unsubscribe link would stop (nothing changes: POST does it) */
        get: operations["getV1NotificationsUnsubscribe"];
        put?: never;
        /**
         * One-click unsubscribe (RFC 8058): the List-Unsubscribe link of notification mail
         * @description Works without signing in: the token in the link is signed.
         */
        post: operations["postV1NotificationsUnsubscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/webhooks/postmark": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Postmark bounce, spam complaint and delivery webhooks
         * @description Set the webhook URL in Postmark with basic auth credentials `postmark:<POSTMARK_WEBHOOK_TOKEN>`. Hard bounces and complaints suppress the address for every later mail.
         */
        post: operations["postV1NotificationsWebhooksPostmark"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/webhooks/twilio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio's SMS status callbacks: delivered, or failed with Twilio's error code
         * @description Signed by Twilio (X-Twilio-Signature over PUBLIC_URL + this path and the form).
         */
        post: operations["postV1NotificationsWebhooksTwilio"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stripe's webhook events (Stripe-Signature verified); each handled once by its id */
        post: operations["postV1PaymentsWebhooksStripe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/play/{token}/*": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file of a video or of a live stream (signed URL from its /playback) */
        get: operations["getV1PlayByToken*"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Write a post (mentions and #hashtags are parsed from the text)
         * @description A reply to a post carrying a video whose comments are off is refused (403 comments_disabled) unless it comes from the author. Each mentioned account that does not follow you counts against `posts.mention_strangers` (429 naming it in `rateLimitClass`; the post is not stored).
         */
        post: operations["postV1Posts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/posts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A post, if the viewer may see it */
        get: operations["getV1PostsById"];
        put?: never;
        post?: never;
        /** Delete a post */
        delete: operations["deleteV1PostsById"];
        options?: never;
        head?: never;
        /** Edit a post (the earlier version goes to its history) */
        patch: operations["patchV1PostsById"];
        trace?: never;
    };
    "/v1/posts/{id}/audience": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Who may see one of your posts: everyone, or your subscribers */
        put: operations["putV1PostsByIdAudience"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/posts/{id}/bookmark": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bookmark a post (again: move it to another collection) */
        post: operations["postV1PostsByIdBookmark"];
        /** Remove a bookmark */
        delete: operations["deleteV1PostsByIdBookmark"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/posts/{id}/context": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The posts a post answers, and the replies below it */
        get: operations["getV1PostsByIdContext"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/posts/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of a post, oldest first */
        get: operations["getV1PostsByIdHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/posts/{id}/like": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Like (idempotent) */
        post: operations["postV1PostsByIdLike"];
        /** Take a like back */
        delete: operations["deleteV1PostsByIdLike"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/posts/{id}/likes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who liked a post */
        get: operations["getV1PostsByIdLikes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/posts/{id}/repost": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Repost a public post (idempotent) */
        post: operations["postV1PostsByIdRepost"];
        /** Undo a repost */
        delete: operations["deleteV1PostsByIdRepost"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/posts/{id}/reposts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who reposted a post */
        get: operations["getV1PostsByIdReposts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/push/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Registers a browser for web push */
        post: operations["postV1PushSubscriptions"];
        /** Removes a web push subscription */
        delete: operations["deleteV1PushSubscriptions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/push/vapid-public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The VAPID public key browsers subscribe with */
        get: operations["getV1PushVapid-public-key"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a post, an account or a message
         * @description Reports on one subject merge into one case for moderators. Copyright claims also belong to the copyright flow. The reporter is told the outcome, never the other party’s details.
         */
        post: operations["postV1Reports"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your reports and its outcome */
        get: operations["getV1ReportsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search posts (full text, by relevance), accounts (by name prefix) or hashtags (by prefix)
         * @description Only what the viewer may see: visibility, private accounts and blocks apply. Posts match in their language (stemmed: "run" finds "running" in English posts; word for word when the language is unknown). Tags: `posts` is the number of public posts using the tag; a tag is listed only when the viewer may see a post using it.
         */
        get: operations["getV1Search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your memberships, newest first */
        get: operations["getV1Subscriptions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Subscribe: a Stripe Checkout Session; the subscription counts once Stripe says so (webhook) */
        post: operations["postV1SubscriptionsCheckout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/portal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Manage or cancel memberships in Stripe's Customer Portal */
        post: operations["postV1SubscriptionsPortal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tags/{tag}/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Posts with a hashtag, newest first */
        get: operations["getV1TagsByTagPosts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/timelines/home": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in account's home timeline: its own posts and those of the accounts it follows
         * @description Newest first, never missing a post: pushed rows and pulled posts (large accounts) merged. Reposts by the accounts followed appear at the time of the repost, with `repostedBy` and `repostedAt`, once per post: not when the post is in the timeline in its own right (its author is followed), only the earliest repost among the accounts followed, not from muted accounts; undoing a repost takes it out. The post itself is shown only to whoever may see it.
         */
        get: operations["getV1TimelinesHome"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/timelines/public": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every public post, newest first (without accounts the viewer blocks or mutes) */
        get: operations["getV1TimelinesPublic"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tips": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Tip a creator (a PaymentIntent); it counts once Stripe reports the payment */
        post: operations["postV1Tips"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tips/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tip you sent or received */
        get: operations["getV1TipsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transparency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The public transparency report of a period (default: the last 30 days)
         * @description Reports by category, actions by kind, automated and manual, appeals and their outcomes, the median time from a report to the action on it. Counts below MODERATION_TRANSPARENCY_MIN are shown as a range.
         */
        get: operations["getV1Transparency"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trending/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Posts trending over the last 48 hours (likes, reposts, replies, quotes, time-decayed)
         * @description Ranked by the interactions of the last 48 hours, each decayed (6-hour half-life) by when it happened, not by the age of the post: an old post shared now can trend.
         */
        get: operations["getV1TrendingPosts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trending/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Hashtags trending over the last 48 hours (time-decayed, one vote per author) */
        get: operations["getV1TrendingTags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * tus: create an upload (Upload-Length, Upload-Metadata)
         * @description Resumable uploads (tus 1.0: creation, termination), with a Bearer token on every request. POST with Upload-Length and Upload-Metadata (filename) creates an upload (quotas checked: 413 when over), PATCH appends bytes at Upload-Offset, HEAD tells the offset to resume from, DELETE ends it. The type is read from the bytes (415 when not video or audio). Then POST /v1/videos with its id.
         */
        post: operations["postV1Uploads"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/uploads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * tus: end an upload and remove its bytes
         * @description Resumable uploads (tus 1.0: creation, termination), with a Bearer token on every request. POST with Upload-Length and Upload-Metadata (filename) creates an upload (quotas checked: 413 when over), PATCH appends bytes at Upload-Offset, HEAD tells the offset to resume from, DELETE ends it. The type is read from the bytes (415 when not video or audio). Then POST /v1/videos with its id.
         */
        delete: operations["deleteV1UploadsById"];
        options?: never;
        /**
         * tus: the offset to resume an upload from
         * @description Resumable uploads (tus 1.0: creation, termination), with a Bearer token on every request. POST with Upload-Length and Upload-Metadata (filename) creates an upload (quotas checked: 413 when over), PATCH appends bytes at Upload-Offset, HEAD tells the offset to resume from, DELETE ends it. The type is read from the bytes (415 when not video or audio). Then POST /v1/videos with its id.
         */
        head: operations["headV1UploadsById"];
        /**
         * tus: append bytes at Upload-Offset (application/offset+octet-stream)
         * @description Resumable uploads (tus 1.0: creation, termination), with a Bearer token on every request. POST with Upload-Length and Upload-Metadata (filename) creates an upload (quotas checked: 413 when over), PATCH appends bytes at Upload-Offset, HEAD tells the offset to resume from, DELETE ends it. The type is read from the bytes (415 when not video or audio). Then POST /v1/videos with its id.
         */
        patch: operations["patchV1UploadsById"];
        trace?: never;
    };
    "/v1/users/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A profile, with the signed-in viewer's relationship to it
         * @description An account that blocks the viewer, or a banned one, is not found.
         */
        get: operations["getV1UsersByUsername"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{username}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Block: removes follows both ways; neither sees the other */
        post: operations["postV1UsersByUsernameBlock"];
        /** Unblock */
        delete: operations["deleteV1UsersByUsernameBlock"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{username}/follow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Follow (a private account gets a request: state "requested") */
        post: operations["postV1UsersByUsernameFollow"];
        /** Unfollow, or withdraw a follow request */
        delete: operations["deleteV1UsersByUsernameFollow"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{username}/followers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who follows this account, newest first */
        get: operations["getV1UsersByUsernameFollowers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{username}/following": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whom this account follows, newest first */
        get: operations["getV1UsersByUsernameFollowing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{username}/mute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mute, for a time or until lifted */
        post: operations["postV1UsersByUsernameMute"];
        /** Unmute */
        delete: operations["deleteV1UsersByUsernameMute"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{username}/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's posts and reposts, newest first (?withReplies=true; ?mediaOnly=true for posts with images; ?withReposts=false)
         * @description A repost appears at the time of the repost with `repostedBy` and `repostedAt`, when the viewer may see the post and the account's activity (a private account's reposts are for its followers).
         */
        get: operations["getV1UsersByUsernamePosts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{username}/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether an account is online, idle or offline, and when it was last seen
         * @description Over all of the account's connections on every gateway. Shown as the account's presenceVisibility says (mutual followers by default); subscribe to `presence:<user id>` on the gateway for changes.
         */
        get: operations["getV1UsersByUsernamePresence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{username}/videos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's videos the viewer may see, newest first (unlisted ones only to their owner) */
        get: operations["getV1UsersByUsernameVideos"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/videos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a video from an upload; processing starts when the upload is complete
         * @description Status goes uploading → processing (with progress) → ready or failed (with the reason); the owner gets `video` and `job` events on the gateway.
         */
        post: operations["postV1Videos"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/videos/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A video */
        get: operations["getV1VideosById"];
        put?: never;
        post?: never;
        /** Delete a video of mine: its files go, its upload stops counting against the quota */
        delete: operations["deleteV1VideosById"];
        options?: never;
        head?: never;
        /** Edit a video of mine */
        patch: operations["patchV1VideosById"];
        trace?: never;
    };
    "/v1/videos/{id}/audience": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Who may see one of your videos: everyone, or your subscribers */
        put: operations["putV1VideosByIdAudience"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/videos/{id}/playback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Signed, expiring URLs of the HLS master playlist, the DASH manifest, thumbnails, storyboard
         * @description Visibility, age (birth date of the signed-in viewer) and country (451) rules apply; files are served with byte ranges and cache headers until the URLs expire.
         */
        get: operations["getV1VideosByIdPlayback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/videos/{id}/views": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report watch time: a view counts after VIEW_MIN_SECONDS, once per viewer per window */
        post: operations["postV1VideosByIdViews"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Problem: {
            /** @description Stable machine-readable code, e.g. validation_failed */
            code: string;
            detail: string;
            errors?: {
                field: string;
                message: string;
            }[];
            /** @description Quote it when reporting a problem */
            requestId?: string;
            status: number;
            title: string;
            /**
             * Format: uri
             * @example https://socialflow.dev/problems/validation-failed
             */
            type: string;
        } & {
            [key: string]: unknown;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        node: string;
                        /** @constant */
                        status: "ok";
                    };
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReadyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            nats: {
                                error?: string;
                                latencyMs?: number;
                                ok: boolean;
                            };
                            postgres: {
                                error?: string;
                                latencyMs?: number;
                                ok: boolean;
                            };
                        };
                        draining: boolean;
                        ready: boolean;
                    };
                };
            };
            /** @description Response for status 503 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            nats: {
                                error?: string;
                                latencyMs?: number;
                                ok: boolean;
                            };
                            postgres: {
                                error?: string;
                                latencyMs?: number;
                                ok: boolean;
                            };
                        };
                        draining: boolean;
                        ready: boolean;
                    };
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        docs: string;
                        name: string;
                        node: string;
                        roles: string[];
                        version: string;
                    };
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdminAdsAdvertisersByIdCredits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Minor units */
                    amount: number;
                    reference?: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Prepaid balance left, minor units */
                        balance: number;
                        createdAt: string;
                        /** @description ISO 4217 */
                        currency: string;
                        id: string;
                        name: string;
                        userId: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdminJobs: {
        parameters: {
            query?: {
                cursor?: string;
                kind?: string;
                limit?: number;
                state?: "queued" | "running" | "succeeded" | "failed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            attempts: number;
                            createdAt: string;
                            finishedAt: ((string | null) | null) | null;
                            id: string;
                            /** @description e.g. video.transcode */
                            kind: string;
                            lastError: ((string | null) | null) | null;
                            maxAttempts: number;
                            ownerId: ((string | null) | null) | null;
                            /** @description 0 to 100 within the current attempt */
                            progress: number;
                            result: unknown;
                            /** @description When a queued retry is due */
                            runAfter: ((string | null) | null) | null;
                            stage: ((string | null) | null) | null;
                            startedAt: ((string | null) | null) | null;
                            /** @enum {string} */
                            state: "queued" | "running" | "succeeded" | "failed";
                            updatedAt: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdminJobsByIdRetry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        createdAt: string;
                        finishedAt: ((string | null) | null) | null;
                        id: string;
                        /** @description e.g. video.transcode */
                        kind: string;
                        lastError: ((string | null) | null) | null;
                        maxAttempts: number;
                        ownerId: ((string | null) | null) | null;
                        /** @description 0 to 100 within the current attempt */
                        progress: number;
                        result: unknown;
                        /** @description When a queued retry is due */
                        runAfter: ((string | null) | null) | null;
                        stage: ((string | null) | null) | null;
                        startedAt: ((string | null) | null) | null;
                        /** @enum {string} */
                        state: "queued" | "running" | "succeeded" | "failed";
                        updatedAt: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdminModerationAudit: {
        parameters: {
            query?: {
                actorId?: string;
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description null: the platform (a policy) */
                            actorId: ((string | null) | null) | null;
                            createdAt: string;
                            data: {
                                [key: string]: unknown;
                            };
                            id: string;
                            subject: ((string | null) | null) | null;
                            verb: string;
                        }[];
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdminModerationPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Images uploaded by accounts younger than this many days are held for review (only their owner and moderators see them); 0: never. Absent on PUT: unchanged */
                        holdNewAccountMediaDays: number;
                        rules: {
                            label: string;
                            minScore: number;
                            /**
                             * @default allow
                             * @enum {string}
                             */
                            outcome: "allow" | "sensitive" | "age_restrict" | "hold" | "remove";
                        }[];
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putV1AdminModerationPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Images uploaded by accounts younger than this many days are held for review (only their owner and moderators see them); 0: never. Absent on PUT: unchanged */
                    holdNewAccountMediaDays?: number;
                    rules: {
                        label: string;
                        minScore: number;
                        /**
                         * @default allow
                         * @enum {string}
                         */
                        outcome: "allow" | "sensitive" | "age_restrict" | "hold" | "remove";
                    }[];
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Images uploaded by accounts younger than this many days are held for review (only their owner and moderators see them); 0: never. Absent on PUT: unchanged */
                        holdNewAccountMediaDays: number;
                        rules: {
                            label: string;
                            minScore: number;
                            /**
                             * @default allow
                             * @enum {string}
                             */
                            outcome: "allow" | "sensitive" | "age_restrict" | "hold" | "remove";
                        }[];
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdminModerationTerms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            createdAt: string;
                            id: string;
                            label: string;
                            language: ((string | null) | null) | null;
                            pattern: string;
                            regex: boolean;
                            severity: number;
                        }[];
                        nextCursor: null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdminModerationTerms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    label: string;
                    /** @description ISO 639-1; absent: every language */
                    language?: ((string | null) | null) | null;
                    pattern: string;
                    /** @description A regular expression (checked by the screening job), or a literal word or phrase (checked as the text is written) */
                    regex: boolean;
                    /** @enum {string} */
                    severity: 1 | 2 | 3;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        id: string;
                        label: string;
                        language: ((string | null) | null) | null;
                        pattern: string;
                        regex: boolean;
                        severity: number;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1AdminModerationTermsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdminNotificationsDeliveries: {
        parameters: {
            query?: {
                channel?: "email" | "web_push" | "mobile_push" | "sms";
                cursor?: string;
                limit?: number;
                state?: "queued" | "deferred" | "sent" | "delivered" | "opened" | "failed" | "skipped";
                type?: string;
                userId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            attempts: number;
                            /** @enum {string} */
                            channel: "email" | "web_push" | "mobile_push" | "sms";
                            createdAt: string;
                            expiresAt: ((string | null) | null) | null;
                            groupKey: ((string | null) | null) | null;
                            id: string;
                            jobId: ((string | null) | null) | null;
                            notificationId: ((string | null) | null) | null;
                            openedAt: ((string | null) | null) | null;
                            providerId: ((string | null) | null) | null;
                            /** @description The provider's answer, or why it was skipped */
                            reason: ((string | null) | null) | null;
                            /** @description Deferred: when quiet hours end */
                            runAfter: ((string | null) | null) | null;
                            sentAt: ((string | null) | null) | null;
                            /** @enum {string} */
                            state: "queued" | "deferred" | "sent" | "delivered" | "opened" | "failed" | "skipped";
                            type: string;
                            updatedAt: string;
                            urgent: boolean;
                            userId: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdminNotificationsDeliveriesSummary: {
        parameters: {
            query?: {
                hours?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        counts: {
                            channel: string;
                            count: number;
                            state: string;
                        }[];
                        since: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdminPaymentsEventsByIdRetry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        outcome: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdminPaymentsEventsFailed: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            attempts: number;
                            id: string;
                            lastError: ((string | null) | null) | null;
                            objectId: ((string | null) | null) | null;
                            occurredAt: string;
                            receivedAt: string;
                            type: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdminPaymentsRefunds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amount?: number;
                    paymentIntentId: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: number;
                        currency: string;
                        id: string;
                        status: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdminPaymentsTotals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accounts: {
                            account: string;
                            /** @description Debits positive */
                            balance: number;
                            currency: string;
                        }[];
                        check: {
                            entries: number;
                            problems: string[];
                            transactions: number;
                        };
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1AdminUsersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ban?: {
                        reason: string;
                    };
                    /** @description true to lift a suspension or ban */
                    restore?: boolean;
                    /** @enum {string} */
                    role?: "user" | "creator" | "moderator" | "admin" | "advertiser" | "rightsholder";
                    suspend?: {
                        reason: string;
                        /** Format: date-time */
                        until: string;
                    };
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        email: string;
                        emailVerified: boolean;
                        /** Format: uuid */
                        id: string;
                        role: string;
                        status: string;
                        statusReason: ((string | null) | null) | null;
                        /** Format: date-time */
                        suspendedUntil: ((string | null) | null) | null;
                        username: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdsAdvertisers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description ISO 4217 (default USD) */
                    currency?: string;
                    name: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Prepaid balance left, minor units */
                        balance: number;
                        createdAt: string;
                        /** @description ISO 4217 */
                        currency: string;
                        id: string;
                        name: string;
                        userId: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdsAdvertisersMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Prepaid balance left, minor units */
                        balance: number;
                        createdAt: string;
                        /** @description ISO 4217 */
                        currency: string;
                        id: string;
                        name: string;
                        userId: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "postV1AdsAdvertisersMeTop-ups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amount: number;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        url: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdsCampaigns: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            advertiserId: string;
                            bid: {
                                amount: number;
                                kind: string;
                            };
                            budget: {
                                currency: string;
                                daily: number;
                                /** @description Minor units spent so far (rounded down) */
                                spent: number;
                                spentToday: number;
                                total: number;
                            };
                            createdAt: string;
                            frequencyCap: ((number | null) | null) | null;
                            id: string;
                            name: string;
                            objective: string;
                            schedule: {
                                endsAt: ((string | null) | null) | null;
                                hours: number[];
                                startsAt: string;
                            };
                            /**
                             * @default draft
                             * @enum {string}
                             */
                            state: "draft" | "in_review" | "active" | "paused" | "completed" | "rejected";
                            stateReason: ((string | null) | null) | null;
                            targeting: {
                                ageBands: string[];
                                countries: string[];
                                devices: string[];
                                interests: string[];
                                languages: string[];
                            };
                            updatedAt: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdsCampaigns: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    bid: {
                        /** @description Minor units per thousand impressions (cpm) or per click (cpc): the most paid, second price applies */
                        amount: number;
                        /** @enum {string} */
                        kind: "cpm" | "cpc";
                    };
                    budget: {
                        /** @description Minor units per day (UTC), spread over the day */
                        daily: number;
                        /** @description Minor units, over the whole campaign */
                        total: number;
                    };
                    /** @description Servings per viewer per day */
                    frequencyCap?: ((number | null) | null) | null;
                    name: string;
                    /** @enum {string} */
                    objective: "impressions" | "clicks";
                    schedule: {
                        /** Format: date-time */
                        endsAt?: ((string | null) | null) | null;
                        /** @description Hours of the day in the viewer's time zone; empty: all */
                        hours?: number[];
                        /** Format: date-time */
                        startsAt: string;
                    };
                    targeting?: {
                        /** @description From the birth date viewers give; empty: anyone */
                        ageBands?: ("13-17" | "18-24" | "25-34" | "35-44" | "45-54" | "55-64" | "65+")[];
                        /** @description ISO 3166-1 alpha-2; empty: anywhere */
                        countries?: string[];
                        devices?: ("mobile" | "tablet" | "desktop" | "tv")[];
                        /** @description Tags the viewer writes, likes or engages with; empty: anyone */
                        interests?: string[];
                        /** @description ISO 639-1, from Accept-Language */
                        languages?: string[];
                    };
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        advertiserId: string;
                        bid: {
                            amount: number;
                            kind: string;
                        };
                        budget: {
                            currency: string;
                            daily: number;
                            /** @description Minor units spent so far (rounded down) */
                            spent: number;
                            spentToday: number;
                            total: number;
                        };
                        createdAt: string;
                        frequencyCap: ((number | null) | null) | null;
                        id: string;
                        name: string;
                        objective: string;
                        schedule: {
                            endsAt: ((string | null) | null) | null;
                            hours: number[];
                            startsAt: string;
                        };
                        /**
                         * @default draft
                         * @enum {string}
                         */
                        state: "draft" | "in_review" | "active" | "paused" | "completed" | "rejected";
                        stateReason: ((string | null) | null) | null;
                        targeting: {
                            ageBands: string[];
                            countries: string[];
                            devices: string[];
                            interests: string[];
                            languages: string[];
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdsCampaignsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        advertiserId: string;
                        bid: {
                            amount: number;
                            kind: string;
                        };
                        budget: {
                            currency: string;
                            daily: number;
                            /** @description Minor units spent so far (rounded down) */
                            spent: number;
                            spentToday: number;
                            total: number;
                        };
                        createdAt: string;
                        frequencyCap: ((number | null) | null) | null;
                        id: string;
                        name: string;
                        objective: string;
                        schedule: {
                            endsAt: ((string | null) | null) | null;
                            hours: number[];
                            startsAt: string;
                        };
                        /**
                         * @default draft
                         * @enum {string}
                         */
                        state: "draft" | "in_review" | "active" | "paused" | "completed" | "rejected";
                        stateReason: ((string | null) | null) | null;
                        targeting: {
                            ageBands: string[];
                            countries: string[];
                            devices: string[];
                            interests: string[];
                            languages: string[];
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1AdsCampaignsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    bid?: {
                        /** @description Minor units per thousand impressions (cpm) or per click (cpc): the most paid, second price applies */
                        amount: number;
                        /** @enum {string} */
                        kind: "cpm" | "cpc";
                    };
                    budget?: {
                        /** @description Minor units per day (UTC), spread over the day */
                        daily: number;
                        /** @description Minor units, over the whole campaign */
                        total: number;
                    };
                    /** @description Servings per viewer per day */
                    frequencyCap?: ((number | null) | null) | null;
                    name?: string;
                    /** @enum {string} */
                    objective?: "impressions" | "clicks";
                    schedule?: {
                        /** Format: date-time */
                        endsAt?: ((string | null) | null) | null;
                        /** @description Hours of the day in the viewer's time zone; empty: all */
                        hours?: number[];
                        /** Format: date-time */
                        startsAt: string;
                    };
                    targeting?: {
                        /** @description From the birth date viewers give; empty: anyone */
                        ageBands?: ("13-17" | "18-24" | "25-34" | "35-44" | "45-54" | "55-64" | "65+")[];
                        /** @description ISO 3166-1 alpha-2; empty: anywhere */
                        countries?: string[];
                        devices?: ("mobile" | "tablet" | "desktop" | "tv")[];
                        /** @description Tags the viewer writes, likes or engages with; empty: anyone */
                        interests?: string[];
                        /** @description ISO 639-1, from Accept-Language */
                        languages?: string[];
                    };
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        advertiserId: string;
                        bid: {
                            amount: number;
                            kind: string;
                        };
                        budget: {
                            currency: string;
                            daily: number;
                            /** @description Minor units spent so far (rounded down) */
                            spent: number;
                            spentToday: number;
                            total: number;
                        };
                        createdAt: string;
                        frequencyCap: ((number | null) | null) | null;
                        id: string;
                        name: string;
                        objective: string;
                        schedule: {
                            endsAt: ((string | null) | null) | null;
                            hours: number[];
                            startsAt: string;
                        };
                        /**
                         * @default draft
                         * @enum {string}
                         */
                        state: "draft" | "in_review" | "active" | "paused" | "completed" | "rejected";
                        stateReason: ((string | null) | null) | null;
                        targeting: {
                            ageBands: string[];
                            countries: string[];
                            devices: string[];
                            interests: string[];
                            languages: string[];
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdsCampaignsByIdCreatives: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            body: ((string | null) | null) | null;
                            campaignId: string;
                            createdAt: string;
                            durationMs: ((number | null) | null) | null;
                            headline: string;
                            id: string;
                            kind: string;
                            linkUrl: string;
                            mediaId: ((string | null) | null) | null;
                            /**
                             * @default pending
                             * @enum {string}
                             */
                            review: "pending" | "approved" | "rejected";
                            reviewedAt: ((string | null) | null) | null;
                            reviewReason: ((string | null) | null) | null;
                            skippableAfterMs: ((number | null) | null) | null;
                            videoId: ((string | null) | null) | null;
                        }[];
                        nextCursor: null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdsCampaignsByIdCreatives: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body?: string;
                    headline: string;
                    /** @constant */
                    kind: "card";
                    linkUrl: string;
                    /**
                     * Format: uuid
                     * @description An image uploaded through POST /v1/media
                     */
                    mediaId?: string;
                } | {
                    headline: string;
                    /** @constant */
                    kind: "video";
                    linkUrl: string;
                    /**
                     * Format: uuid
                     * @description A video uploaded and processed, at most 30 s
                     */
                    videoId: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        body: ((string | null) | null) | null;
                        campaignId: string;
                        createdAt: string;
                        durationMs: ((number | null) | null) | null;
                        headline: string;
                        id: string;
                        kind: string;
                        linkUrl: string;
                        mediaId: ((string | null) | null) | null;
                        /**
                         * @default pending
                         * @enum {string}
                         */
                        review: "pending" | "approved" | "rejected";
                        reviewedAt: ((string | null) | null) | null;
                        reviewReason: ((string | null) | null) | null;
                        skippableAfterMs: ((number | null) | null) | null;
                        videoId: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdsCampaignsByIdPause: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        advertiserId: string;
                        bid: {
                            amount: number;
                            kind: string;
                        };
                        budget: {
                            currency: string;
                            daily: number;
                            /** @description Minor units spent so far (rounded down) */
                            spent: number;
                            spentToday: number;
                            total: number;
                        };
                        createdAt: string;
                        frequencyCap: ((number | null) | null) | null;
                        id: string;
                        name: string;
                        objective: string;
                        schedule: {
                            endsAt: ((string | null) | null) | null;
                            hours: number[];
                            startsAt: string;
                        };
                        /**
                         * @default draft
                         * @enum {string}
                         */
                        state: "draft" | "in_review" | "active" | "paused" | "completed" | "rejected";
                        stateReason: ((string | null) | null) | null;
                        targeting: {
                            ageBands: string[];
                            countries: string[];
                            devices: string[];
                            interests: string[];
                            languages: string[];
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AdsCampaignsByIdReport: {
        parameters: {
            query?: {
                from?: string;
                granularity?: "hour" | "day" | "week" | "month";
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        campaignId: string;
                        countries: {
                            clicks: number;
                            complete: number;
                            country: ((string | null) | null) | null;
                            /** @description Clicks per impression */
                            ctr: number;
                            firstQuartile: number;
                            /** @description Impressions per viewer reached */
                            frequency: number;
                            impressions: number;
                            midpoint: number;
                            /** @description Distinct viewers with an impression */
                            reach: number;
                            skips: number;
                            /** @description Minor units (rounded down) */
                            spend: number;
                            /** @description Thousandths of a minor unit */
                            spendMilli: number;
                            thirdQuartile: number;
                        }[];
                        currency: string;
                        from: string;
                        granularity: string;
                        series: {
                            clicks: number;
                            complete: number;
                            /** @description Clicks per impression */
                            ctr: number;
                            firstQuartile: number;
                            /** @description Impressions per viewer reached */
                            frequency: number;
                            impressions: number;
                            midpoint: number;
                            /** @description Distinct viewers with an impression */
                            reach: number;
                            skips: number;
                            /** @description Minor units (rounded down) */
                            spend: number;
                            /** @description Thousandths of a minor unit */
                            spendMilli: number;
                            start: string;
                            thirdQuartile: number;
                        }[];
                        to: string;
                        totals: {
                            clicks: number;
                            complete: number;
                            /** @description Clicks per impression */
                            ctr: number;
                            firstQuartile: number;
                            /** @description Impressions per viewer reached */
                            frequency: number;
                            impressions: number;
                            /** @description Events filtered as invalid traffic */
                            invalidEvents: number;
                            midpoint: number;
                            /** @description Distinct viewers with an impression */
                            reach: number;
                            skips: number;
                            /** @description Minor units (rounded down) */
                            spend: number;
                            /** @description Thousandths of a minor unit */
                            spendMilli: number;
                            thirdQuartile: number;
                        };
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdsCampaignsByIdResume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        advertiserId: string;
                        bid: {
                            amount: number;
                            kind: string;
                        };
                        budget: {
                            currency: string;
                            daily: number;
                            /** @description Minor units spent so far (rounded down) */
                            spent: number;
                            spentToday: number;
                            total: number;
                        };
                        createdAt: string;
                        frequencyCap: ((number | null) | null) | null;
                        id: string;
                        name: string;
                        objective: string;
                        schedule: {
                            endsAt: ((string | null) | null) | null;
                            hours: number[];
                            startsAt: string;
                        };
                        /**
                         * @default draft
                         * @enum {string}
                         */
                        state: "draft" | "in_review" | "active" | "paused" | "completed" | "rejected";
                        stateReason: ((string | null) | null) | null;
                        targeting: {
                            ageBands: string[];
                            countries: string[];
                            devices: string[];
                            interests: string[];
                            languages: string[];
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdsCampaignsByIdSubmit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        advertiserId: string;
                        bid: {
                            amount: number;
                            kind: string;
                        };
                        budget: {
                            currency: string;
                            daily: number;
                            /** @description Minor units spent so far (rounded down) */
                            spent: number;
                            spentToday: number;
                            total: number;
                        };
                        createdAt: string;
                        frequencyCap: ((number | null) | null) | null;
                        id: string;
                        name: string;
                        objective: string;
                        schedule: {
                            endsAt: ((string | null) | null) | null;
                            hours: number[];
                            startsAt: string;
                        };
                        /**
                         * @default draft
                         * @enum {string}
                         */
                        state: "draft" | "in_review" | "active" | "paused" | "completed" | "rejected";
                        stateReason: ((string | null) | null) | null;
                        targeting: {
                            ageBands: string[];
                            countries: string[];
                            devices: string[];
                            interests: string[];
                            languages: string[];
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AdsEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    kind: "impression" | "click" | "first_quartile" | "midpoint" | "third_quartile" | "complete" | "skip";
                    /** @description The serving's tracking token */
                    token: string;
                    /** @description Impressions: how long it was */
                    visibleMs?: number;
                    /** @description Impressions: share of the ad visible */
                    visibleShare?: number;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A click of a CPC campaign charged */
                        charged: boolean;
                        /** @description False: filtered as invalid traffic */
                        counted: boolean;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AnalyticsCreatorsMe: {
        parameters: {
            query?: {
                from?: string;
                granularity?: "hour" | "day" | "week" | "month";
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        granularity: string;
                        /** @description Always null until payments are part of the platform */
                        revenue: null;
                        series: {
                            engagements: number;
                            followersGained: number;
                            followersLost: number;
                            start: string;
                            uniqueViewers: number;
                            views: number;
                            watchSeconds: number;
                        }[];
                        /** @description Exclusive */
                        to: string;
                        topContent: {
                            posts: {
                                id: string;
                                impressions: number;
                            }[];
                            videos: {
                                id: string;
                                title: string;
                                views: number;
                            }[];
                        };
                        totals: {
                            engagementRate: number;
                            engagements: number;
                            followersGained: number;
                            followersLost: number;
                            impressions: number;
                            likes: number;
                            netFollowers: number;
                            posts: number;
                            profileVisits: number;
                            quotes: number;
                            reach: number;
                            replies: number;
                            reposts: number;
                            shares: number;
                            uniqueViewers: number;
                            uploads: number;
                            views: number;
                            watchSeconds: number;
                        };
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AnalyticsEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description 1 to 500 events */
                    events: ({
                        /** @description The player is stalled: no watch time counts */
                        buffering?: boolean;
                        /**
                         * Format: uuid
                         * @description The client's id of this event (a UUID): an event sent again with the same id counts once
                         */
                        id: string;
                        /** @description Seconds played since the previous heartbeat (default 5): the span [position - interval, position] counts as watched */
                        intervalSeconds?: number;
                        /**
                         * Format: date-time
                         * @description When it happened, by the client’s clock; a time ahead of the server’s is taken as now
                         */
                        occurredAt: string;
                        /** @description Playback position now */
                        positionSeconds: number;
                        /** @description Rendition, e.g. 720p */
                        quality?: string;
                        /** @description The player or page session (letters, digits, _ . : -): a view is one session of one video */
                        sessionId: string;
                        /**
                         * @description Where the viewer came from
                         * @default home
                         * @enum {string}
                         */
                        source?: "home" | "profile" | "search" | "external" | "notification" | "other";
                        /** @constant */
                        type: "view.heartbeat";
                        /**
                         * Format: uuid
                         * @description The video being watched
                         */
                        videoId: string;
                    } | {
                        /**
                         * Format: uuid
                         * @description The client's id of this event (a UUID): an event sent again with the same id counts once
                         */
                        id: string;
                        /**
                         * Format: date-time
                         * @description When it happened, by the client’s clock; a time ahead of the server’s is taken as now
                         */
                        occurredAt: string;
                        /**
                         * Format: uuid
                         * @description The post (give postId or videoId)
                         */
                        postId?: string;
                        /** @description The player or page session (letters, digits, _ . : -): a view is one session of one video */
                        sessionId: string;
                        /**
                         * @description Where the viewer came from
                         * @default home
                         * @enum {string}
                         */
                        source: "home" | "profile" | "search" | "external" | "notification" | "other";
                        /** @constant */
                        type: "impression";
                        /**
                         * Format: uuid
                         * @description The video (give postId or videoId)
                         */
                        videoId?: string;
                    } | {
                        /**
                         * Format: uuid
                         * @description The client's id of this event (a UUID): an event sent again with the same id counts once
                         */
                        id: string;
                        /**
                         * Format: date-time
                         * @description When it happened, by the client’s clock; a time ahead of the server’s is taken as now
                         */
                        occurredAt: string;
                        /**
                         * Format: uuid
                         * @description The post (give postId or videoId)
                         */
                        postId?: string;
                        /** @description The player or page session (letters, digits, _ . : -): a view is one session of one video */
                        sessionId: string;
                        /**
                         * @description Where the viewer came from
                         * @default home
                         * @enum {string}
                         */
                        source: "home" | "profile" | "search" | "external" | "notification" | "other";
                        /** @constant */
                        type: "click";
                        /**
                         * Format: uuid
                         * @description The video (give postId or videoId)
                         */
                        videoId?: string;
                    } | {
                        /**
                         * Format: uuid
                         * @description The client's id of this event (a UUID): an event sent again with the same id counts once
                         */
                        id: string;
                        /**
                         * Format: date-time
                         * @description When it happened, by the client’s clock; a time ahead of the server’s is taken as now
                         */
                        occurredAt: string;
                        /**
                         * Format: uuid
                         * @description The post (give postId or videoId)
                         */
                        postId?: string;
                        /** @description The player or page session (letters, digits, _ . : -): a view is one session of one video */
                        sessionId: string;
                        /**
                         * @description Where the viewer came from
                         * @default home
                         * @enum {string}
                         */
                        source?: "home" | "profile" | "search" | "external" | "notification" | "other";
                        /** @constant */
                        type: "share";
                        /**
                         * Format: uuid
                         * @description The video (give postId or videoId)
                         */
                        videoId?: string;
                    } | {
                        /**
                         * Format: uuid
                         * @description The client's id of this event (a UUID): an event sent again with the same id counts once
                         */
                        id: string;
                        /**
                         * Format: date-time
                         * @description When it happened, by the client’s clock; a time ahead of the server’s is taken as now
                         */
                        occurredAt: string;
                        /** @description The player or page session (letters, digits, _ . : -): a view is one session of one video */
                        sessionId: string;
                        /**
                         * @description Where the viewer came from
                         * @default home
                         * @enum {string}
                         */
                        source?: "home" | "profile" | "search" | "external" | "notification" | "other";
                        /** @constant */
                        type: "profile.visit";
                        /**
                         * Format: uuid
                         * @description Whose profile
                         */
                        userId: string;
                    } | {
                        /**
                         * Format: uuid
                         * @description The client's id of this event (a UUID): an event sent again with the same id counts once
                         */
                        id: string;
                        /**
                         * Format: date-time
                         * @description When it happened, by the client’s clock; a time ahead of the server’s is taken as now
                         */
                        occurredAt: string;
                        /** @description The player or page session (letters, digits, _ . : -): a view is one session of one video */
                        sessionId: string;
                        /**
                         * Format: uuid
                         * @description The live stream being watched
                         */
                        streamId: string;
                        /** @constant */
                        type: "live.heartbeat";
                    })[];
                };
            };
        };
        responses: {
            /** @description Response for status 202 */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Events taken (stored within seconds) */
                        accepted: number;
                        /** @description Events older than 48 hours, not counted */
                        dropped: number;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AnalyticsPlatform: {
        parameters: {
            query?: {
                from?: string;
                granularity?: "hour" | "day" | "week" | "month";
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        active: {
                            asOf: string;
                            /** @description Signed-in users active on the day of asOf */
                            dau: number;
                            /** @description ... in the 30 days to asOf */
                            mau: number;
                            /** @description ... in the 7 days to asOf */
                            wau: number;
                        };
                        from: string;
                        granularity: string;
                        moderation: {
                            actionsByKind: {
                                key: string;
                                value: number;
                            }[];
                            reportsByCategory: {
                                key: string;
                                value: number;
                            }[];
                        };
                        /** @description MRR, ARPU, churn and ad revenue: null until payments are part of the platform */
                        revenue: null;
                        series: {
                            activeUsers: number;
                            encodingMinutes: number;
                            moderationActions: number;
                            posts: number;
                            reports: number;
                            signups: number;
                            start: string;
                            uploads: number;
                            views: number;
                            visitors: number;
                        }[];
                        /** @description Exclusive */
                        to: string;
                        totals: {
                            activeUsers: number;
                            appeals: number;
                            encodeFailures: number;
                            /** @description Minutes of video encoded */
                            encodingMinutes: number;
                            liveStreams: number;
                            moderationActions: number;
                            moderationReversals: number;
                            posts: number;
                            reports: number;
                            signups: number;
                            uploads: number;
                            views: number;
                            /** @description Signed-in and anonymous (anonymous: once per day each) */
                            visitors: number;
                            watchHours: number;
                        };
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AnalyticsPlatformCohorts: {
        parameters: {
            query?: {
                weeks?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cohorts: {
                            /** @description Share of them active in week 0, 1, 2... after */
                            retention: number[];
                            /** @description Users who signed up that week */
                            users: number;
                            /** @description Monday (UTC) of the sign-up week */
                            week: string;
                        }[];
                        weeks: number;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AnalyticsPostsById: {
        parameters: {
            query?: {
                from?: string;
                granularity?: "hour" | "day" | "week" | "month";
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Hidden (null) below minAudience unique viewers; rows below it are folded into "other" */
                        breakdowns: (({
                            sources: {
                                key: string;
                                value: number;
                            }[];
                        } | null) | null) | null;
                        from: string;
                        granularity: string;
                        id: string;
                        minAudience: number;
                        series: {
                            engagements: number;
                            impressions: number;
                            likes: number;
                            reach: number;
                            start: string;
                        }[];
                        /** @description Exclusive */
                        to: string;
                        totals: {
                            clicks: number;
                            /** @description Engagements per impression */
                            engagementRate: number;
                            engagements: number;
                            impressions: number;
                            likes: number;
                            quotes: number;
                            /** @description Unique viewers shown the post (estimate) */
                            reach: number;
                            replies: number;
                            reposts: number;
                            shares: number;
                        };
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AnalyticsStreamsById: {
        parameters: {
            query?: {
                from?: string;
                granularity?: "hour" | "day" | "week" | "month";
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        granularity: string;
                        id: string;
                        series: {
                            averageViewers: number;
                            chatMessages: number;
                            peakViewers: number;
                            start: string;
                            uniqueViewers: number;
                        }[];
                        title: string;
                        /** @description Exclusive */
                        to: string;
                        totals: {
                            /** @description Viewer-minutes per live minute */
                            averageViewers: number;
                            chatMessages: number;
                            chatMessagesPerMinute: number;
                            liveMinutes: number;
                            peakViewers: number;
                            uniqueViewers: number;
                            viewerMinutes: number;
                        };
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AnalyticsVideosById: {
        parameters: {
            query?: {
                from?: string;
                granularity?: "hour" | "day" | "week" | "month";
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Hidden (null) below minAudience unique viewers; rows below it are folded into "other" */
                        breakdowns: (({
                            countries: {
                                key: string;
                                value: number;
                            }[];
                            devices: {
                                key: string;
                                value: number;
                            }[];
                            sources: {
                                key: string;
                                value: number;
                            }[];
                        } | null) | null) | null;
                        from: string;
                        granularity: string;
                        id: string;
                        minAudience: number;
                        retention: {
                            bucketSeconds: number;
                            durationSeconds: number;
                            points: {
                                second: number;
                                /** @description Share of views still watching at this second */
                                share: number;
                            }[];
                            /** @description Views begun on the range’s days: the curve’s 100% */
                            views: number;
                        };
                        series: {
                            averageViewSeconds: number;
                            clicks: number;
                            impressions: number;
                            newFollowers: number;
                            start: string;
                            uniqueViewers: number;
                            views: number;
                            watchSeconds: number;
                        }[];
                        title: string;
                        /** @description Exclusive */
                        to: string;
                        totals: {
                            averageViewSeconds: number;
                            clicks: number;
                            impressions: number;
                            /** @description Follows of the creator by viewers within a day of watching this video */
                            newFollowers: number;
                            shares: number;
                            /** @description HyperLogLog estimate (about 1.6% error) */
                            uniqueViewers: number;
                            /** @description Viewing sessions begun */
                            views: number;
                            watchSeconds: number;
                        };
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Appeals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    actionId: string;
                    text: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        actionId: string;
                        appellantId: string;
                        createdAt: string;
                        decidedAt: ((string | null) | null) | null;
                        decisionReason: ((string | null) | null) | null;
                        id: string;
                        /** @enum {string} */
                        state: "pending" | "upheld" | "reversed";
                        text: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AppealsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        actionId: string;
                        appellantId: string;
                        createdAt: string;
                        decidedAt: ((string | null) | null) | null;
                        decisionReason: ((string | null) | null) | null;
                        id: string;
                        /** @enum {string} */
                        state: "pending" | "upheld" | "reversed";
                        text: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AppealsByIdDecision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    outcome: "upheld" | "reversed";
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        actionId: string;
                        appellantId: string;
                        createdAt: string;
                        decidedAt: ((string | null) | null) | null;
                        decisionReason: ((string | null) | null) | null;
                        id: string;
                        /** @enum {string} */
                        state: "pending" | "upheld" | "reversed";
                        text: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Auth2faDisable: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A 6-digit TOTP code, or a recovery code */
                    code: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Auth2faEnable: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Shown once; each works once */
                        recoveryCodes: string[];
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Auth2faSetup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    password?: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description otpauth:// URL, for a QR code */
                        otpauthUrl: string;
                        /** @description Base32, for manual entry */
                        secret: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthEmailResend: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; no body (what follows is mailed or done later) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthEmailVerify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The deviceToken an earlier sign-in on this device answered */
                    deviceToken?: string;
                    /** @description Username or e-mail address */
                    login: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Handed out at sign-in: keep it and send it with the next sign-in, which then passes while failed attempts by others have paused the account */
                        deviceToken?: string;
                        /** @description Seconds the access token lives */
                        expiresIn: number;
                        /** @description Opaque, single use: each refresh returns the next one */
                        refreshToken: string;
                        /** Format: uuid */
                        sessionId: string;
                        /** @constant */
                        tokenType: "Bearer";
                    } | {
                        expiresIn: number;
                        /** @description Send it with a code to POST /v1/auth/login/2fa */
                        ticket: string;
                        /** @constant */
                        twoFactorRequired: true;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthLogin2fa: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A 6-digit TOTP code, or a recovery code */
                    code: string;
                    /** @description The deviceToken an earlier sign-in on this device answered */
                    deviceToken?: string;
                    ticket: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Handed out at sign-in: keep it and send it with the next sign-in, which then passes while failed attempts by others have paused the account */
                        deviceToken?: string;
                        /** @description Seconds the access token lives */
                        expiresIn: number;
                        /** @description Opaque, single use: each refresh returns the next one */
                        refreshToken: string;
                        /** Format: uuid */
                        sessionId: string;
                        /** @constant */
                        tokenType: "Bearer";
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthLogout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "postV1AuthLogout-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        revoked: number;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1AuthOauthByProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: "google" | "apple" | "facebook";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AuthOauthByProviderCallback: {
        parameters: {
            query?: {
                code?: string;
                error?: string;
                state?: string;
            };
            header?: never;
            path: {
                provider: "google" | "apple" | "facebook";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Whether this sign-in made a new account */
                        created: boolean;
                        /** @description Handed out at sign-in: keep it and send it with the next sign-in, which then passes while failed attempts by others have paused the account */
                        deviceToken?: string;
                        /** @description Seconds the access token lives */
                        expiresIn: number;
                        /** @description Opaque, single use: each refresh returns the next one */
                        refreshToken: string;
                        /** Format: uuid */
                        sessionId: string;
                        /** @constant */
                        tokenType: "Bearer";
                        /** Format: uuid */
                        userId: string;
                    } | {
                        created: boolean;
                        expiresIn: number;
                        /** @description Send it with a code to POST /v1/auth/login/2fa */
                        ticket: string;
                        /** @constant */
                        twoFactorRequired: true;
                        /** Format: uuid */
                        userId: string;
                    } | {
                        /** @description The provider linked */
                        linked: string;
                    };
                };
            };
            /** @description Response for status 303 */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The Location it redirects to */
                        redirectTo: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthOauthByProviderCallback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: "google" | "apple" | "facebook";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code?: string;
                    error?: string;
                    state?: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Whether this sign-in made a new account */
                        created: boolean;
                        /** @description Handed out at sign-in: keep it and send it with the next sign-in, which then passes while failed attempts by others have paused the account */
                        deviceToken?: string;
                        /** @description Seconds the access token lives */
                        expiresIn: number;
                        /** @description Opaque, single use: each refresh returns the next one */
                        refreshToken: string;
                        /** Format: uuid */
                        sessionId: string;
                        /** @constant */
                        tokenType: "Bearer";
                        /** Format: uuid */
                        userId: string;
                    } | {
                        created: boolean;
                        expiresIn: number;
                        /** @description Send it with a code to POST /v1/auth/login/2fa */
                        ticket: string;
                        /** @constant */
                        twoFactorRequired: true;
                        /** Format: uuid */
                        userId: string;
                    } | {
                        /** @description The provider linked */
                        linked: string;
                    };
                };
            };
            /** @description Response for status 303 */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The Location it redirects to */
                        redirectTo: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthOauthByProviderLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: "google" | "apple" | "facebook";
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description Needed when the account has one */
                    password?: string;
                    /** Format: uri */
                    returnTo?: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        authorizationUrl: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AuthOauthByProviderStart: {
        parameters: {
            query?: {
                returnTo?: string;
            };
            header?: never;
            path: {
                provider: "google" | "apple" | "facebook";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the provider's sign-in page (the body has the same URL as authorizationUrl) */
            302: {
                headers: {
                    location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthOauthExchange: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Handed out at sign-in: keep it and send it with the next sign-in, which then passes while failed attempts by others have paused the account */
                        deviceToken?: string;
                        /** @description Seconds the access token lives */
                        expiresIn: number;
                        /** @description Opaque, single use: each refresh returns the next one */
                        refreshToken: string;
                        /** Format: uuid */
                        sessionId: string;
                        /** @constant */
                        tokenType: "Bearer";
                    } | {
                        expiresIn: number;
                        /** @description Send it with a code to POST /v1/auth/login/2fa */
                        ticket: string;
                        /** @constant */
                        twoFactorRequired: true;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AuthOauthIdentities: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            email: ((string | null) | null) | null;
                            /** Format: date-time */
                            linkedAt: string;
                            provider: string;
                        }[];
                        /** @description Always null: every linked provider fits in one page */
                        nextCursor: null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthPasswordChange: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currentPassword: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        signedOutSessions: number;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthPasswordForgot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                };
            };
        };
        responses: {
            /** @description Accepted; no body (what follows is mailed or done later) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthRefresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refreshToken: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Handed out at sign-in: keep it and send it with the next sign-in, which then passes while failed attempts by others have paused the account */
                        deviceToken?: string;
                        /** @description Seconds the access token lives */
                        expiresIn: number;
                        /** @description Opaque, single use: each refresh returns the next one */
                        refreshToken: string;
                        /** Format: uuid */
                        sessionId: string;
                        /** @constant */
                        tokenType: "Bearer";
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthRegister: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                    /** @description 3-30 letters, digits or _, from a letter */
                    username: string;
                };
            };
        };
        responses: {
            /** @description Accepted; no body (what follows is mailed or done later) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1AuthRegisterConfirm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Handed out at sign-in: keep it and send it with the next sign-in, which then passes while failed attempts by others have paused the account */
                        deviceToken?: string;
                        /** @description Seconds the access token lives */
                        expiresIn: number;
                        /** @description Opaque, single use: each refresh returns the next one */
                        refreshToken: string;
                        /** Format: uuid */
                        sessionId: string;
                        /** @constant */
                        tokenType: "Bearer";
                        user: {
                            /** Format: date-time */
                            createdAt: string;
                            email: string;
                            emailVerified: boolean;
                            /** Format: uuid */
                            id: string;
                            role: string;
                            username: string;
                        };
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1AuthSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            createdAt: string;
                            current: boolean;
                            expiresAt: string;
                            id: string;
                            ip: ((string | null) | null) | null;
                            lastUsedAt: string;
                            userAgent: ((string | null) | null) | null;
                        }[];
                        /** @description Always null: every active session fits in one page */
                        nextCursor: null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1AuthSessionsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Blocks: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            account: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            since: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "getV1Bookmark-collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            bookmarks: number;
                            createdAt: string;
                            id: string;
                            name: string;
                        }[];
                        nextCursor: null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "postV1Bookmark-collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "deleteV1Bookmark-collectionsById": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "patchV1Bookmark-collectionsById": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Bookmarks: {
        parameters: {
            query?: {
                collectionId?: string;
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            audience: "public" | "subscribers";
                            audienceTierId: ((string | null) | null) | null;
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            contentWarning: ((string | null) | null) | null;
                            counts: {
                                likes: number;
                                quotes: number;
                                replies: number;
                                reposts: number;
                            };
                            createdAt: string;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            /** @description ISO 639-1, given or detected; null when unknown */
                            language: ((string | null) | null) | null;
                            /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                            locked: boolean;
                            media: {
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            }[];
                            /** @description Usernames the post reaches */
                            mentions: string[];
                            /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                            moderation: ((string | null) | null) | null;
                            /** @description null while scheduled */
                            publishedAt: ((string | null) | null) | null;
                            quoteOfId: ((string | null) | null) | null;
                            replyToId: ((string | null) | null) | null;
                            scheduledAt: ((string | null) | null) | null;
                            sensitive: boolean;
                            tags: string[];
                            text: string;
                            threadId: string;
                            /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                            video: (({
                                durationMs: ((number | null) | null) | null;
                                id: string;
                                status: string;
                                title: string;
                            } | null) | null) | null;
                            viewer: (({
                                liked: boolean;
                                reposted: boolean;
                            } | null) | null) | null;
                            /** @enum {string} */
                            visibility: "public" | "followers" | "mentioned";
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Conversations: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            activeAt: string;
                            id: string;
                            /** @enum {string} */
                            kind: "direct" | "group";
                            lastMessage: (({
                                clientId: string;
                                conversationId: string;
                                createdAt: string;
                                deletedAt: ((string | null) | null) | null;
                                editedAt: ((string | null) | null) | null;
                                id: string;
                                sender: {
                                    displayName: ((string | null) | null) | null;
                                    id: string;
                                    username: string;
                                };
                                /** @description The room's sequence number of the message (also its place in the conversation) */
                                seq: number;
                                /** @description null once deleted */
                                text: ((string | null) | null) | null;
                            } | null) | null) | null;
                            /** @description The last seq of the room (messages, edits, deletions, read receipts) */
                            lastSeq: number;
                            members: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                /** @description Read receipt: the last seq this member has read */
                                readSeq: number;
                                username: string;
                            }[];
                            readSeq: number;
                            title: ((string | null) | null) | null;
                            unreadCount: number;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Conversations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Usernames; one makes a one-to-one conversation (the existing one if there is) */
                    members: string[];
                    /** @description For groups */
                    title?: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        activeAt: string;
                        id: string;
                        /** @enum {string} */
                        kind: "direct" | "group";
                        lastMessage: (({
                            clientId: string;
                            conversationId: string;
                            createdAt: string;
                            deletedAt: ((string | null) | null) | null;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            sender: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            };
                            /** @description The room's sequence number of the message (also its place in the conversation) */
                            seq: number;
                            /** @description null once deleted */
                            text: ((string | null) | null) | null;
                        } | null) | null) | null;
                        /** @description The last seq of the room (messages, edits, deletions, read receipts) */
                        lastSeq: number;
                        members: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            /** @description Read receipt: the last seq this member has read */
                            readSeq: number;
                            username: string;
                        }[];
                        readSeq: number;
                        title: ((string | null) | null) | null;
                        unreadCount: number;
                    };
                };
            };
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        activeAt: string;
                        id: string;
                        /** @enum {string} */
                        kind: "direct" | "group";
                        lastMessage: (({
                            clientId: string;
                            conversationId: string;
                            createdAt: string;
                            deletedAt: ((string | null) | null) | null;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            sender: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            };
                            /** @description The room's sequence number of the message (also its place in the conversation) */
                            seq: number;
                            /** @description null once deleted */
                            text: ((string | null) | null) | null;
                        } | null) | null) | null;
                        /** @description The last seq of the room (messages, edits, deletions, read receipts) */
                        lastSeq: number;
                        members: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            /** @description Read receipt: the last seq this member has read */
                            readSeq: number;
                            username: string;
                        }[];
                        readSeq: number;
                        title: ((string | null) | null) | null;
                        unreadCount: number;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1ConversationsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        activeAt: string;
                        id: string;
                        /** @enum {string} */
                        kind: "direct" | "group";
                        lastMessage: (({
                            clientId: string;
                            conversationId: string;
                            createdAt: string;
                            deletedAt: ((string | null) | null) | null;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            sender: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            };
                            /** @description The room's sequence number of the message (also its place in the conversation) */
                            seq: number;
                            /** @description null once deleted */
                            text: ((string | null) | null) | null;
                        } | null) | null) | null;
                        /** @description The last seq of the room (messages, edits, deletions, read receipts) */
                        lastSeq: number;
                        members: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            /** @description Read receipt: the last seq this member has read */
                            readSeq: number;
                            username: string;
                        }[];
                        readSeq: number;
                        title: ((string | null) | null) | null;
                        unreadCount: number;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1ConversationsByIdMembersByUserId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1ConversationsByIdMessages: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            clientId: string;
                            conversationId: string;
                            createdAt: string;
                            deletedAt: ((string | null) | null) | null;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            sender: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            };
                            /** @description The room's sequence number of the message (also its place in the conversation) */
                            seq: number;
                            /** @description null once deleted */
                            text: ((string | null) | null) | null;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1ConversationsByIdMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Your id for the message: sending it again returns the stored message (200) instead of a second one */
                    clientId: string;
                    text: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        clientId: string;
                        conversationId: string;
                        createdAt: string;
                        deletedAt: ((string | null) | null) | null;
                        editedAt: ((string | null) | null) | null;
                        id: string;
                        sender: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            username: string;
                        };
                        /** @description The room's sequence number of the message (also its place in the conversation) */
                        seq: number;
                        /** @description null once deleted */
                        text: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        clientId: string;
                        conversationId: string;
                        createdAt: string;
                        deletedAt: ((string | null) | null) | null;
                        editedAt: ((string | null) | null) | null;
                        id: string;
                        sender: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            username: string;
                        };
                        /** @description The room's sequence number of the message (also its place in the conversation) */
                        seq: number;
                        /** @description null once deleted */
                        text: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1ConversationsByIdMessagesByMessageId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                messageId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1ConversationsByIdMessagesByMessageId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                messageId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        clientId: string;
                        conversationId: string;
                        createdAt: string;
                        deletedAt: ((string | null) | null) | null;
                        editedAt: ((string | null) | null) | null;
                        id: string;
                        sender: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            username: string;
                        };
                        /** @description The room's sequence number of the message (also its place in the conversation) */
                        seq: number;
                        /** @description null once deleted */
                        text: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1ConversationsByIdRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The last seq read */
                    seq: number;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        activeAt: string;
                        id: string;
                        /** @enum {string} */
                        kind: "direct" | "group";
                        lastMessage: (({
                            clientId: string;
                            conversationId: string;
                            createdAt: string;
                            deletedAt: ((string | null) | null) | null;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            sender: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            };
                            /** @description The room's sequence number of the message (also its place in the conversation) */
                            seq: number;
                            /** @description null once deleted */
                            text: ((string | null) | null) | null;
                        } | null) | null) | null;
                        /** @description The last seq of the room (messages, edits, deletions, read receipts) */
                        lastSeq: number;
                        members: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            /** @description Read receipt: the last seq this member has read */
                            readSeq: number;
                            username: string;
                        }[];
                        readSeq: number;
                        title: ((string | null) | null) | null;
                        unreadCount: number;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1ConversationsByIdTyping: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1CopyrightClaims: {
        parameters: {
            query?: {
                as?: "uploader" | "holder" | "all";
                cursor?: string;
                limit?: string | number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            blockedCountries: string[];
                            confidence: number;
                            createdAt: string;
                            /** @description When the live stream was cut, still carrying the reference after the warning */
                            cutAt: ((string | null) | null) | null;
                            dispute: (({
                                decidedAt: ((string | null) | null) | null;
                                /** @description Null with a decision: released automatically */
                                decidedBy: ((string | null) | null) | null;
                                /**
                                 * @default released
                                 * @enum {string|null|null}
                                 */
                                decision: "released" | "upheld" | null;
                                /** @description Released automatically if the holder has not answered by then */
                                dueAt: string;
                                reason: string;
                            } | null) | null) | null;
                            history: {
                                action: string;
                                actorId: ((string | null) | null) | null;
                                at: string;
                                note: ((string | null) | null) | null;
                            }[];
                            holderId: string;
                            id: string;
                            /**
                             * @default match
                             * @enum {string}
                             */
                            origin: "match" | "manual";
                            /**
                             * @default block
                             * @enum {string}
                             */
                            policy: "block" | "monetize" | "track";
                            referenceId: string;
                            referenceTitle: string;
                            /** @description A monetize claim’s shares of what the video or stream earned, in the payments ledger */
                            revenue: {
                                currency: string;
                                /** @description Minor units held in escrow while the claim is disputed */
                                held: string | number;
                                /** @description Minor units booked to the holder (tips on the claimed video or stream) */
                                paid: string | number;
                            }[];
                            segments: {
                                /** @description 0 (chance) to 1 (identical) */
                                confidence: number;
                                /**
                                 * @default audio
                                 * @enum {string}
                                 */
                                kind: "audio" | "video";
                                referenceEnd: number;
                                /** @description Seconds into the reference */
                                referenceStart: number;
                                videoEnd: number;
                                /** @description Seconds into the video (the upload) */
                                videoStart: number;
                            }[];
                            /**
                             * @default active
                             * @enum {string}
                             */
                            state: "active" | "disputed" | "released" | "upheld";
                            /** @description The claimed live stream, matched on rolling windows while live */
                            streamId: ((string | null) | null) | null;
                            updatedAt: string;
                            uploaderId: string;
                            /** @description The claimed video (null for a live stream) */
                            videoId: ((string | null) | null) | null;
                            /** @description A live stream under a blocking claim: when its streamer was warned */
                            warnedAt: ((string | null) | null) | null;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1CopyrightClaims: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description One of your references
                     */
                    referenceId: string;
                    segments: {
                        /**
                         * @default audio
                         * @enum {string}
                         */
                        kind: "audio" | "video";
                        referenceEnd: number;
                        referenceStart: number;
                        videoEnd: number;
                        videoStart: number;
                    }[];
                    /** Format: uuid */
                    videoId: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        blockedCountries: string[];
                        confidence: number;
                        createdAt: string;
                        /** @description When the live stream was cut, still carrying the reference after the warning */
                        cutAt: ((string | null) | null) | null;
                        dispute: (({
                            decidedAt: ((string | null) | null) | null;
                            /** @description Null with a decision: released automatically */
                            decidedBy: ((string | null) | null) | null;
                            /**
                             * @default released
                             * @enum {string|null|null}
                             */
                            decision: "released" | "upheld" | null;
                            /** @description Released automatically if the holder has not answered by then */
                            dueAt: string;
                            reason: string;
                        } | null) | null) | null;
                        history: {
                            action: string;
                            actorId: ((string | null) | null) | null;
                            at: string;
                            note: ((string | null) | null) | null;
                        }[];
                        holderId: string;
                        id: string;
                        /**
                         * @default match
                         * @enum {string}
                         */
                        origin: "match" | "manual";
                        /**
                         * @default block
                         * @enum {string}
                         */
                        policy: "block" | "monetize" | "track";
                        referenceId: string;
                        referenceTitle: string;
                        /** @description A monetize claim’s shares of what the video or stream earned, in the payments ledger */
                        revenue: {
                            currency: string;
                            /** @description Minor units held in escrow while the claim is disputed */
                            held: string | number;
                            /** @description Minor units booked to the holder (tips on the claimed video or stream) */
                            paid: string | number;
                        }[];
                        segments: {
                            /** @description 0 (chance) to 1 (identical) */
                            confidence: number;
                            /**
                             * @default audio
                             * @enum {string}
                             */
                            kind: "audio" | "video";
                            referenceEnd: number;
                            /** @description Seconds into the reference */
                            referenceStart: number;
                            videoEnd: number;
                            /** @description Seconds into the video (the upload) */
                            videoStart: number;
                        }[];
                        /**
                         * @default active
                         * @enum {string}
                         */
                        state: "active" | "disputed" | "released" | "upheld";
                        /** @description The claimed live stream, matched on rolling windows while live */
                        streamId: ((string | null) | null) | null;
                        updatedAt: string;
                        uploaderId: string;
                        /** @description The claimed video (null for a live stream) */
                        videoId: ((string | null) | null) | null;
                        /** @description A live stream under a blocking claim: when its streamer was warned */
                        warnedAt: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1CopyrightClaimsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        blockedCountries: string[];
                        confidence: number;
                        createdAt: string;
                        /** @description When the live stream was cut, still carrying the reference after the warning */
                        cutAt: ((string | null) | null) | null;
                        dispute: (({
                            decidedAt: ((string | null) | null) | null;
                            /** @description Null with a decision: released automatically */
                            decidedBy: ((string | null) | null) | null;
                            /**
                             * @default released
                             * @enum {string|null|null}
                             */
                            decision: "released" | "upheld" | null;
                            /** @description Released automatically if the holder has not answered by then */
                            dueAt: string;
                            reason: string;
                        } | null) | null) | null;
                        history: {
                            action: string;
                            actorId: ((string | null) | null) | null;
                            at: string;
                            note: ((string | null) | null) | null;
                        }[];
                        holderId: string;
                        id: string;
                        /**
                         * @default match
                         * @enum {string}
                         */
                        origin: "match" | "manual";
                        /**
                         * @default block
                         * @enum {string}
                         */
                        policy: "block" | "monetize" | "track";
                        referenceId: string;
                        referenceTitle: string;
                        /** @description A monetize claim’s shares of what the video or stream earned, in the payments ledger */
                        revenue: {
                            currency: string;
                            /** @description Minor units held in escrow while the claim is disputed */
                            held: string | number;
                            /** @description Minor units booked to the holder (tips on the claimed video or stream) */
                            paid: string | number;
                        }[];
                        segments: {
                            /** @description 0 (chance) to 1 (identical) */
                            confidence: number;
                            /**
                             * @default audio
                             * @enum {string}
                             */
                            kind: "audio" | "video";
                            referenceEnd: number;
                            /** @description Seconds into the reference */
                            referenceStart: number;
                            videoEnd: number;
                            /** @description Seconds into the video (the upload) */
                            videoStart: number;
                        }[];
                        /**
                         * @default active
                         * @enum {string}
                         */
                        state: "active" | "disputed" | "released" | "upheld";
                        /** @description The claimed live stream, matched on rolling windows while live */
                        streamId: ((string | null) | null) | null;
                        updatedAt: string;
                        uploaderId: string;
                        /** @description The claimed video (null for a live stream) */
                        videoId: ((string | null) | null) | null;
                        /** @description A live stream under a blocking claim: when its streamer was warned */
                        warnedAt: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1CopyrightClaimsByIdDispute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        blockedCountries: string[];
                        confidence: number;
                        createdAt: string;
                        /** @description When the live stream was cut, still carrying the reference after the warning */
                        cutAt: ((string | null) | null) | null;
                        dispute: (({
                            decidedAt: ((string | null) | null) | null;
                            /** @description Null with a decision: released automatically */
                            decidedBy: ((string | null) | null) | null;
                            /**
                             * @default released
                             * @enum {string|null|null}
                             */
                            decision: "released" | "upheld" | null;
                            /** @description Released automatically if the holder has not answered by then */
                            dueAt: string;
                            reason: string;
                        } | null) | null) | null;
                        history: {
                            action: string;
                            actorId: ((string | null) | null) | null;
                            at: string;
                            note: ((string | null) | null) | null;
                        }[];
                        holderId: string;
                        id: string;
                        /**
                         * @default match
                         * @enum {string}
                         */
                        origin: "match" | "manual";
                        /**
                         * @default block
                         * @enum {string}
                         */
                        policy: "block" | "monetize" | "track";
                        referenceId: string;
                        referenceTitle: string;
                        /** @description A monetize claim’s shares of what the video or stream earned, in the payments ledger */
                        revenue: {
                            currency: string;
                            /** @description Minor units held in escrow while the claim is disputed */
                            held: string | number;
                            /** @description Minor units booked to the holder (tips on the claimed video or stream) */
                            paid: string | number;
                        }[];
                        segments: {
                            /** @description 0 (chance) to 1 (identical) */
                            confidence: number;
                            /**
                             * @default audio
                             * @enum {string}
                             */
                            kind: "audio" | "video";
                            referenceEnd: number;
                            /** @description Seconds into the reference */
                            referenceStart: number;
                            videoEnd: number;
                            /** @description Seconds into the video (the upload) */
                            videoStart: number;
                        }[];
                        /**
                         * @default active
                         * @enum {string}
                         */
                        state: "active" | "disputed" | "released" | "upheld";
                        /** @description The claimed live stream, matched on rolling windows while live */
                        streamId: ((string | null) | null) | null;
                        updatedAt: string;
                        uploaderId: string;
                        /** @description The claimed video (null for a live stream) */
                        videoId: ((string | null) | null) | null;
                        /** @description A live stream under a blocking claim: when its streamer was warned */
                        warnedAt: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1CopyrightClaimsByIdRelease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        blockedCountries: string[];
                        confidence: number;
                        createdAt: string;
                        /** @description When the live stream was cut, still carrying the reference after the warning */
                        cutAt: ((string | null) | null) | null;
                        dispute: (({
                            decidedAt: ((string | null) | null) | null;
                            /** @description Null with a decision: released automatically */
                            decidedBy: ((string | null) | null) | null;
                            /**
                             * @default released
                             * @enum {string|null|null}
                             */
                            decision: "released" | "upheld" | null;
                            /** @description Released automatically if the holder has not answered by then */
                            dueAt: string;
                            reason: string;
                        } | null) | null) | null;
                        history: {
                            action: string;
                            actorId: ((string | null) | null) | null;
                            at: string;
                            note: ((string | null) | null) | null;
                        }[];
                        holderId: string;
                        id: string;
                        /**
                         * @default match
                         * @enum {string}
                         */
                        origin: "match" | "manual";
                        /**
                         * @default block
                         * @enum {string}
                         */
                        policy: "block" | "monetize" | "track";
                        referenceId: string;
                        referenceTitle: string;
                        /** @description A monetize claim’s shares of what the video or stream earned, in the payments ledger */
                        revenue: {
                            currency: string;
                            /** @description Minor units held in escrow while the claim is disputed */
                            held: string | number;
                            /** @description Minor units booked to the holder (tips on the claimed video or stream) */
                            paid: string | number;
                        }[];
                        segments: {
                            /** @description 0 (chance) to 1 (identical) */
                            confidence: number;
                            /**
                             * @default audio
                             * @enum {string}
                             */
                            kind: "audio" | "video";
                            referenceEnd: number;
                            /** @description Seconds into the reference */
                            referenceStart: number;
                            videoEnd: number;
                            /** @description Seconds into the video (the upload) */
                            videoStart: number;
                        }[];
                        /**
                         * @default active
                         * @enum {string}
                         */
                        state: "active" | "disputed" | "released" | "upheld";
                        /** @description The claimed live stream, matched on rolling windows while live */
                        streamId: ((string | null) | null) | null;
                        updatedAt: string;
                        uploaderId: string;
                        /** @description The claimed video (null for a live stream) */
                        videoId: ((string | null) | null) | null;
                        /** @description A live stream under a blocking claim: when its streamer was warned */
                        warnedAt: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1CopyrightClaimsByIdTrim: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 202 */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        claimId: string;
                        /** @description The trim job (GET /v1/jobs/{id}) */
                        jobId: string;
                        videoId: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1CopyrightClaimsByIdUphold: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        blockedCountries: string[];
                        confidence: number;
                        createdAt: string;
                        /** @description When the live stream was cut, still carrying the reference after the warning */
                        cutAt: ((string | null) | null) | null;
                        dispute: (({
                            decidedAt: ((string | null) | null) | null;
                            /** @description Null with a decision: released automatically */
                            decidedBy: ((string | null) | null) | null;
                            /**
                             * @default released
                             * @enum {string|null|null}
                             */
                            decision: "released" | "upheld" | null;
                            /** @description Released automatically if the holder has not answered by then */
                            dueAt: string;
                            reason: string;
                        } | null) | null) | null;
                        history: {
                            action: string;
                            actorId: ((string | null) | null) | null;
                            at: string;
                            note: ((string | null) | null) | null;
                        }[];
                        holderId: string;
                        id: string;
                        /**
                         * @default match
                         * @enum {string}
                         */
                        origin: "match" | "manual";
                        /**
                         * @default block
                         * @enum {string}
                         */
                        policy: "block" | "monetize" | "track";
                        referenceId: string;
                        referenceTitle: string;
                        /** @description A monetize claim’s shares of what the video or stream earned, in the payments ledger */
                        revenue: {
                            currency: string;
                            /** @description Minor units held in escrow while the claim is disputed */
                            held: string | number;
                            /** @description Minor units booked to the holder (tips on the claimed video or stream) */
                            paid: string | number;
                        }[];
                        segments: {
                            /** @description 0 (chance) to 1 (identical) */
                            confidence: number;
                            /**
                             * @default audio
                             * @enum {string}
                             */
                            kind: "audio" | "video";
                            referenceEnd: number;
                            /** @description Seconds into the reference */
                            referenceStart: number;
                            videoEnd: number;
                            /** @description Seconds into the video (the upload) */
                            videoStart: number;
                        }[];
                        /**
                         * @default active
                         * @enum {string}
                         */
                        state: "active" | "disputed" | "released" | "upheld";
                        /** @description The claimed live stream, matched on rolling windows while live */
                        streamId: ((string | null) | null) | null;
                        updatedAt: string;
                        uploaderId: string;
                        /** @description The claimed video (null for a live stream) */
                        videoId: ((string | null) | null) | null;
                        /** @description A live stream under a blocking claim: when its streamer was warned */
                        warnedAt: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1CopyrightReferences: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: string | number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Chromaprint sub-fingerprints stored */
                            audioFrames: string | number;
                            createdAt: string;
                            durationMs: ((string | number) | null) | null;
                            failureReason: ((string | null) | null) | null;
                            holderId: string;
                            id: string;
                            /** @description The fingerprinting job (GET /v1/jobs/{id}) */
                            jobId: ((string | null) | null) | null;
                            /**
                             * @default audio
                             * @enum {string}
                             */
                            kind: "audio" | "video" | "both";
                            minMatchSeconds: number;
                            /** @description Per ISO 3166-1 alpha-2 country (upper case), `*` for everywhere else: block, monetize or track */
                            policies: {
                                [key: string]: "block" | "monetize" | "track";
                            };
                            source: {
                                uploadId: ((string | null) | null) | null;
                                videoId: ((string | null) | null) | null;
                            };
                            /**
                             * @default fingerprinting
                             * @enum {string}
                             */
                            status: "fingerprinting" | "active" | "failed";
                            title: string;
                            updatedAt: string;
                            /** @description Frame hashes stored (2 per second) */
                            videoFrames: string | number;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1CopyrightReferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @default both
                     * @enum {string}
                     */
                    kind?: "audio" | "video" | "both";
                    /** @description Default 10 */
                    minMatchSeconds?: number;
                    /** @description Per ISO 3166-1 alpha-2 country (upper case), `*` for everywhere else: block, monetize or track */
                    policies?: {
                        [key: string]: "block" | "monetize" | "track";
                    };
                    title: string;
                    /** @description A complete tus upload of yours */
                    uploadId?: string;
                    /**
                     * Format: uuid
                     * @description One of your encoded videos
                     */
                    videoId?: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Chromaprint sub-fingerprints stored */
                        audioFrames: string | number;
                        createdAt: string;
                        durationMs: ((string | number) | null) | null;
                        failureReason: ((string | null) | null) | null;
                        holderId: string;
                        id: string;
                        /** @description The fingerprinting job (GET /v1/jobs/{id}) */
                        jobId: ((string | null) | null) | null;
                        /**
                         * @default audio
                         * @enum {string}
                         */
                        kind: "audio" | "video" | "both";
                        minMatchSeconds: number;
                        /** @description Per ISO 3166-1 alpha-2 country (upper case), `*` for everywhere else: block, monetize or track */
                        policies: {
                            [key: string]: "block" | "monetize" | "track";
                        };
                        source: {
                            uploadId: ((string | null) | null) | null;
                            videoId: ((string | null) | null) | null;
                        };
                        /**
                         * @default fingerprinting
                         * @enum {string}
                         */
                        status: "fingerprinting" | "active" | "failed";
                        title: string;
                        updatedAt: string;
                        /** @description Frame hashes stored (2 per second) */
                        videoFrames: string | number;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1CopyrightReferencesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Chromaprint sub-fingerprints stored */
                        audioFrames: string | number;
                        createdAt: string;
                        durationMs: ((string | number) | null) | null;
                        failureReason: ((string | null) | null) | null;
                        holderId: string;
                        id: string;
                        /** @description The fingerprinting job (GET /v1/jobs/{id}) */
                        jobId: ((string | null) | null) | null;
                        /**
                         * @default audio
                         * @enum {string}
                         */
                        kind: "audio" | "video" | "both";
                        minMatchSeconds: number;
                        /** @description Per ISO 3166-1 alpha-2 country (upper case), `*` for everywhere else: block, monetize or track */
                        policies: {
                            [key: string]: "block" | "monetize" | "track";
                        };
                        source: {
                            uploadId: ((string | null) | null) | null;
                            videoId: ((string | null) | null) | null;
                        };
                        /**
                         * @default fingerprinting
                         * @enum {string}
                         */
                        status: "fingerprinting" | "active" | "failed";
                        title: string;
                        updatedAt: string;
                        /** @description Frame hashes stored (2 per second) */
                        videoFrames: string | number;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1CopyrightReferencesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1CopyrightReferencesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    minMatchSeconds?: number;
                    /** @description Per ISO 3166-1 alpha-2 country (upper case), `*` for everywhere else: block, monetize or track */
                    policies?: {
                        [key: string]: "block" | "monetize" | "track";
                    };
                    title?: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Chromaprint sub-fingerprints stored */
                        audioFrames: string | number;
                        createdAt: string;
                        durationMs: ((string | number) | null) | null;
                        failureReason: ((string | null) | null) | null;
                        holderId: string;
                        id: string;
                        /** @description The fingerprinting job (GET /v1/jobs/{id}) */
                        jobId: ((string | null) | null) | null;
                        /**
                         * @default audio
                         * @enum {string}
                         */
                        kind: "audio" | "video" | "both";
                        minMatchSeconds: number;
                        /** @description Per ISO 3166-1 alpha-2 country (upper case), `*` for everywhere else: block, monetize or track */
                        policies: {
                            [key: string]: "block" | "monetize" | "track";
                        };
                        source: {
                            uploadId: ((string | null) | null) | null;
                            videoId: ((string | null) | null) | null;
                        };
                        /**
                         * @default fingerprinting
                         * @enum {string}
                         */
                        status: "fingerprinting" | "active" | "failed";
                        title: string;
                        updatedAt: string;
                        /** @description Frame hashes stored (2 per second) */
                        videoFrames: string | number;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1CreatorsByIdTiers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            archived: boolean;
                            benefits: string[];
                            createdAt: string;
                            creatorId: string;
                            currency: string;
                            description: ((string | null) | null) | null;
                            id: string;
                            /** @description Minor units */
                            monthlyAmount: number;
                            name: string;
                            trialDays: number;
                            yearlyAmount: ((number | null) | null) | null;
                        }[];
                        nextCursor: null;
                    };
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1CreatorsMeBalance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Owed to you, minor units; negative after refunds or disputes */
                            amount: number;
                            currency: string;
                            /** @description Paid out, not yet arrived */
                            inTransit: number;
                        }[];
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1CreatorsMePayouts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accountId: string;
                        chargesEnabled: boolean;
                        detailsSubmitted: boolean;
                        payoutsEnabled: boolean;
                        updatedAt: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1CreatorsMePayoutsOnboarding: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    refreshUrl: string;
                    /** Format: uri */
                    returnUrl: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accountId: string;
                        expiresAt: string;
                        url: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1CreatorsMeStatements: {
        parameters: {
            query?: {
                format?: string;
                month?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lines: {
                            /** @description Positive: earned; negative: taken back or paid out */
                            amount: number;
                            at: string;
                            currency: string;
                            kind: string;
                            memo: ((string | null) | null) | null;
                            reference: string;
                        }[];
                        month: string;
                        totals: {
                            closing: number;
                            currency: string;
                            opening: number;
                        }[];
                    } | string;
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1CreatorsMeSubscribers: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            cancelAtPeriodEnd: boolean;
                            createdAt: string;
                            creatorId: string;
                            currentPeriodEnd: string;
                            /** @description Whether it gives access now */
                            entitled: boolean;
                            id: string;
                            interval: string;
                            /** @description Stripe's: active, trialing, past_due, canceled, unpaid, incomplete... */
                            status: string;
                            subscriber: {
                                id: string;
                                username: string;
                            };
                            tier: {
                                id: string;
                                name: string;
                            };
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1CreatorsMeTiers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            archived: boolean;
                            benefits: string[];
                            createdAt: string;
                            creatorId: string;
                            currency: string;
                            description: ((string | null) | null) | null;
                            id: string;
                            /** @description Minor units */
                            monthlyAmount: number;
                            name: string;
                            trialDays: number;
                            yearlyAmount: ((number | null) | null) | null;
                        }[];
                        nextCursor: null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1CreatorsMeTiers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    benefits?: string[];
                    /** @description ISO 4217 (usd, eur...) */
                    currency: string;
                    description?: ((string | null) | null) | null;
                    /** @description Price a month, minor units */
                    monthlyAmount: number;
                    name: string;
                    trialDays?: number;
                    /** @description Price a year, minor units (none: monthly only) */
                    yearlyAmount?: ((number | null) | null) | null;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        archived: boolean;
                        benefits: string[];
                        createdAt: string;
                        creatorId: string;
                        currency: string;
                        description: ((string | null) | null) | null;
                        id: string;
                        /** @description Minor units */
                        monthlyAmount: number;
                        name: string;
                        trialDays: number;
                        yearlyAmount: ((number | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1CreatorsMeTiersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    benefits?: string[];
                    /** @description ISO 4217 (usd, eur...) */
                    currency?: string;
                    description?: ((string | null) | null) | null;
                    /** @description Price a month, minor units */
                    monthlyAmount?: number;
                    name?: string;
                    trialDays?: number;
                    /** @description Price a year, minor units (none: monthly only) */
                    yearlyAmount?: ((number | null) | null) | null;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        archived: boolean;
                        benefits: string[];
                        createdAt: string;
                        creatorId: string;
                        currency: string;
                        description: ((string | null) | null) | null;
                        id: string;
                        /** @description Minor units */
                        monthlyAmount: number;
                        name: string;
                        trialDays: number;
                        yearlyAmount: ((number | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1CreatorsMeTiersByIdArchive: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        archived: boolean;
                        benefits: string[];
                        createdAt: string;
                        creatorId: string;
                        currency: string;
                        description: ((string | null) | null) | null;
                        id: string;
                        /** @description Minor units */
                        monthlyAmount: number;
                        name: string;
                        trialDays: number;
                        yearlyAmount: ((number | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1CreatorsMeTiersByIdOffers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Minor units off each period */
                    amountOff?: number;
                    /** @enum {string} */
                    duration: "once" | "repeating" | "forever";
                    durationInMonths?: number;
                    maxRedemptions?: number;
                    percentOff?: number;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amountOff: ((number | null) | null) | null;
                        duration: string;
                        durationInMonths: ((number | null) | null) | null;
                        id: string;
                        maxRedemptions: ((number | null) | null) | null;
                        percentOff: ((number | null) | null) | null;
                        tierId: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Devices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    appVersion?: string;
                    /** @enum {string} */
                    platform: "android" | "ios" | "web";
                    token: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appVersion: ((string | null) | null) | null;
                        createdAt: string;
                        id: string;
                        platform: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1DevicesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "getV1Follow-requests": {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            account: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            createdAt: string;
                            id: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "postV1Follow-requestsByIdAccept": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "postV1Follow-requestsByIdReject": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1JobsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        createdAt: string;
                        finishedAt: ((string | null) | null) | null;
                        id: string;
                        /** @description e.g. video.transcode */
                        kind: string;
                        lastError: ((string | null) | null) | null;
                        maxAttempts: number;
                        ownerId: ((string | null) | null) | null;
                        /** @description 0 to 100 within the current attempt */
                        progress: number;
                        result: unknown;
                        /** @description When a queued retry is due */
                        runAfter: ((string | null) | null) | null;
                        stage: ((string | null) | null) | null;
                        startedAt: ((string | null) | null) | null;
                        /** @enum {string} */
                        state: "queued" | "running" | "succeeded" | "failed";
                        updatedAt: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1LiveChatTerms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        terms: string[];
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putV1LiveChatTerms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    terms: string[];
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        terms: string[];
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1LiveStreams: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                owner?: string;
                state?: "idle" | "live" | "ended";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            category: ((string | null) | null) | null;
                            chat: {
                                emoteOnly: boolean;
                                followersOnlyMinutes: ((string | number) | null) | null;
                                /** @description Seconds between two messages of a viewer; 0: off */
                                slowSeconds: string | number;
                                subscribersOnly: boolean;
                            };
                            createdAt: string;
                            description: string;
                            endedAt: ((string | null) | null) | null;
                            /** @description Ingest health, as last measured */
                            health: (({
                                audioCodec: ((string | null) | null) | null;
                                bitrateKbps: ((number | null) | null) | null;
                                fps: ((number | null) | null) | null;
                                height: ((number | null) | null) | null;
                                /** @description Seconds between keyframes */
                                keyframeInterval: ((number | null) | null) | null;
                                videoCodec: ((string | null) | null) | null;
                                width: ((number | null) | null) | null;
                            } | null) | null) | null;
                            id: string;
                            /** @enum {string} */
                            latencyMode: "normal" | "low";
                            owner: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            };
                            peakViewers: number;
                            record: boolean;
                            startedAt: ((string | null) | null) | null;
                            /** @enum {string} */
                            state: "idle" | "live" | "ended";
                            title: string;
                            uniqueViewers: number;
                            /** @description The recording, once it is a video */
                            videoId: ((string | null) | null) | null;
                            /** @description Watching now */
                            viewers: number;
                            /** @enum {string} */
                            visibility: "public" | "followers" | "unlisted";
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1LiveStreams: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    category?: ((string | null) | null) | null;
                    chat?: {
                        emoteOnly?: boolean;
                        followersOnlyMinutes?: ((string | number) | null) | null;
                        /** @description Seconds between two messages of a viewer; 0: off */
                        slowSeconds?: string | number;
                        subscribersOnly?: boolean;
                    };
                    description?: string;
                    /** @enum {string} */
                    latencyMode?: "normal" | "low";
                    /** @description Keep the stream and make it a video of yours when it ends (default true) */
                    record?: boolean;
                    title: string;
                    /** @enum {string} */
                    visibility: "public" | "followers" | "unlisted";
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        category: ((string | null) | null) | null;
                        chat: {
                            emoteOnly: boolean;
                            followersOnlyMinutes: ((string | number) | null) | null;
                            /** @description Seconds between two messages of a viewer; 0: off */
                            slowSeconds: string | number;
                            subscribersOnly: boolean;
                        };
                        createdAt: string;
                        description: string;
                        endedAt: ((string | null) | null) | null;
                        /** @description Ingest health, as last measured */
                        health: (({
                            audioCodec: ((string | null) | null) | null;
                            bitrateKbps: ((number | null) | null) | null;
                            fps: ((number | null) | null) | null;
                            height: ((number | null) | null) | null;
                            /** @description Seconds between keyframes */
                            keyframeInterval: ((number | null) | null) | null;
                            videoCodec: ((string | null) | null) | null;
                            width: ((number | null) | null) | null;
                        } | null) | null) | null;
                        id: string;
                        /** @description Where to push, with which key */
                        ingest: {
                            /** @description Push RTMP here (OBS: Server) */
                            rtmpUrl: string;
                            /** @description Shown this once; rotate it if lost */
                            streamKey: string;
                        };
                        /** @enum {string} */
                        latencyMode: "normal" | "low";
                        owner: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            username: string;
                        };
                        peakViewers: number;
                        record: boolean;
                        startedAt: ((string | null) | null) | null;
                        /** @enum {string} */
                        state: "idle" | "live" | "ended";
                        title: string;
                        uniqueViewers: number;
                        /** @description The recording, once it is a video */
                        videoId: ((string | null) | null) | null;
                        /** @description Watching now */
                        viewers: number;
                        /** @enum {string} */
                        visibility: "public" | "followers" | "unlisted";
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1LiveStreamsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        category: ((string | null) | null) | null;
                        chat: {
                            emoteOnly: boolean;
                            followersOnlyMinutes: ((string | number) | null) | null;
                            /** @description Seconds between two messages of a viewer; 0: off */
                            slowSeconds: string | number;
                            subscribersOnly: boolean;
                        };
                        createdAt: string;
                        description: string;
                        endedAt: ((string | null) | null) | null;
                        /** @description Ingest health, as last measured */
                        health: (({
                            audioCodec: ((string | null) | null) | null;
                            bitrateKbps: ((number | null) | null) | null;
                            fps: ((number | null) | null) | null;
                            height: ((number | null) | null) | null;
                            /** @description Seconds between keyframes */
                            keyframeInterval: ((number | null) | null) | null;
                            videoCodec: ((string | null) | null) | null;
                            width: ((number | null) | null) | null;
                        } | null) | null) | null;
                        id: string;
                        /** @enum {string} */
                        latencyMode: "normal" | "low";
                        owner: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            username: string;
                        };
                        peakViewers: number;
                        record: boolean;
                        startedAt: ((string | null) | null) | null;
                        /** @enum {string} */
                        state: "idle" | "live" | "ended";
                        title: string;
                        uniqueViewers: number;
                        /** @description The recording, once it is a video */
                        videoId: ((string | null) | null) | null;
                        /** @description Watching now */
                        viewers: number;
                        /** @enum {string} */
                        visibility: "public" | "followers" | "unlisted";
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1LiveStreamsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1LiveStreamsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    category?: ((string | null) | null) | null;
                    chat?: {
                        emoteOnly?: boolean;
                        followersOnlyMinutes?: ((string | number) | null) | null;
                        /** @description Seconds between two messages of a viewer; 0: off */
                        slowSeconds?: string | number;
                        subscribersOnly?: boolean;
                    };
                    description?: string;
                    /** @enum {string} */
                    latencyMode?: "normal" | "low";
                    /** @description Keep the stream and make it a video of yours when it ends (default true) */
                    record?: boolean;
                    title?: string;
                    /** @enum {string} */
                    visibility?: "public" | "followers" | "unlisted";
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        category: ((string | null) | null) | null;
                        chat: {
                            emoteOnly: boolean;
                            followersOnlyMinutes: ((string | number) | null) | null;
                            /** @description Seconds between two messages of a viewer; 0: off */
                            slowSeconds: string | number;
                            subscribersOnly: boolean;
                        };
                        createdAt: string;
                        description: string;
                        endedAt: ((string | null) | null) | null;
                        /** @description Ingest health, as last measured */
                        health: (({
                            audioCodec: ((string | null) | null) | null;
                            bitrateKbps: ((number | null) | null) | null;
                            fps: ((number | null) | null) | null;
                            height: ((number | null) | null) | null;
                            /** @description Seconds between keyframes */
                            keyframeInterval: ((number | null) | null) | null;
                            videoCodec: ((string | null) | null) | null;
                            width: ((number | null) | null) | null;
                        } | null) | null) | null;
                        id: string;
                        /** @enum {string} */
                        latencyMode: "normal" | "low";
                        owner: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            username: string;
                        };
                        peakViewers: number;
                        record: boolean;
                        startedAt: ((string | null) | null) | null;
                        /** @enum {string} */
                        state: "idle" | "live" | "ended";
                        title: string;
                        uniqueViewers: number;
                        /** @description The recording, once it is a video */
                        videoId: ((string | null) | null) | null;
                        /** @description Watching now */
                        viewers: number;
                        /** @enum {string} */
                        visibility: "public" | "followers" | "unlisted";
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putV1LiveStreamsByIdAudience: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    audience: "public" | "subscribers";
                    /**
                     * Format: uuid
                     * @description Subscribers of this tier and above
                     */
                    tierId?: ((string | null) | null) | null;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        audience: string;
                        audienceTierId: ((string | null) | null) | null;
                        id: string;
                        kind: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1LiveStreamsByIdChat: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                since?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            };
                            /** @description The author's own id for it (a resend with it is stored once) */
                            clientId: string;
                            createdAt: string;
                            id: string;
                            /** @description The room event that carried it (the `seq` of `live:<id>`) */
                            seq: number;
                            text: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                        pinned: (({
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            };
                            /** @description The author's own id for it (a resend with it is stored once) */
                            clientId: string;
                            createdAt: string;
                            id: string;
                            /** @description The room event that carried it (the `seq` of `live:<id>`) */
                            seq: number;
                            text: string;
                        } | null) | null) | null;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1LiveStreamsByIdChat: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Your id for the message: a resend is stored once */
                    clientId: string;
                    /** @description At most 500 characters, one line */
                    text: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created: boolean;
                        message: {
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            };
                            /** @description The author's own id for it (a resend with it is stored once) */
                            clientId: string;
                            createdAt: string;
                            id: string;
                            /** @description The room event that carried it (the `seq` of `live:<id>`) */
                            seq: number;
                            text: string;
                        };
                    };
                };
            };
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created: boolean;
                        message: {
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            };
                            /** @description The author's own id for it (a resend with it is stored once) */
                            clientId: string;
                            createdAt: string;
                            id: string;
                            /** @description The room event that carried it (the `seq` of `live:<id>`) */
                            seq: number;
                            text: string;
                        };
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1LiveStreamsByIdChatByMessageId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                messageId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1LiveStreamsByIdChatAudit: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description message.deleted, message.pinned, message.unpinned, user.timedout, user.timeout_lifted, user.banned, user.unbanned, chat.settings, moderator.added, moderator.removed */
                            action: string;
                            actor: (({
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            } | null) | null) | null;
                            createdAt: string;
                            data: {
                                [key: string]: unknown;
                            };
                            id: string;
                            messageId: ((string | null) | null) | null;
                            targetUserId: ((string | null) | null) | null;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1LiveStreamsByIdChatBans: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    scope?: "stream" | "channel";
                    /** Format: uuid */
                    userId: string;
                };
            };
        };
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1LiveStreamsByIdChatBansByUserId: {
        parameters: {
            query?: {
                scope?: "stream" | "channel";
            };
            header?: never;
            path: {
                id: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putV1LiveStreamsByIdChatPin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description null: unpin
                     */
                    messageId: ((string | null) | null) | null;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": (({
                        author: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            username: string;
                        };
                        /** @description The author's own id for it (a resend with it is stored once) */
                        clientId: string;
                        createdAt: string;
                        id: string;
                        /** @description The room event that carried it (the `seq` of `live:<id>`) */
                        seq: number;
                        text: string;
                    } | null) | null) | null;
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1LiveStreamsByIdChatSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Only :emote: codes and emoji */
                    emoteOnly?: boolean;
                    /** @description Only followers of at least this many minutes; null: anyone */
                    followersOnlyMinutes?: ((number | null) | null) | null;
                    /** @description Seconds between two messages of a viewer; 0: off */
                    slowSeconds?: number;
                    /** @description Only subscribers of the streamer (see payments) */
                    subscribersOnly?: boolean;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Only :emote: codes and emoji */
                        emoteOnly: boolean;
                        /** @description Only followers of at least this many minutes; null: anyone */
                        followersOnlyMinutes: ((number | null) | null) | null;
                        /** @description Seconds between two messages of a viewer; 0: off */
                        slowSeconds: number;
                        /** @description Only subscribers of the streamer (see payments) */
                        subscribersOnly: boolean;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1LiveStreamsByIdChatTimeouts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description At most a week; 0 lifts a timeout */
                    minutes: number;
                    /** Format: uuid */
                    userId: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        until: ((string | null) | null) | null;
                        userId: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1LiveStreamsByIdKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        category: ((string | null) | null) | null;
                        chat: {
                            emoteOnly: boolean;
                            followersOnlyMinutes: ((string | number) | null) | null;
                            /** @description Seconds between two messages of a viewer; 0: off */
                            slowSeconds: string | number;
                            subscribersOnly: boolean;
                        };
                        createdAt: string;
                        description: string;
                        endedAt: ((string | null) | null) | null;
                        /** @description Ingest health, as last measured */
                        health: (({
                            audioCodec: ((string | null) | null) | null;
                            bitrateKbps: ((number | null) | null) | null;
                            fps: ((number | null) | null) | null;
                            height: ((number | null) | null) | null;
                            /** @description Seconds between keyframes */
                            keyframeInterval: ((number | null) | null) | null;
                            videoCodec: ((string | null) | null) | null;
                            width: ((number | null) | null) | null;
                        } | null) | null) | null;
                        id: string;
                        /** @description Where to push, with which key */
                        ingest: {
                            /** @description Push RTMP here (OBS: Server) */
                            rtmpUrl: string;
                            /** @description Shown this once; rotate it if lost */
                            streamKey: string;
                        };
                        /** @enum {string} */
                        latencyMode: "normal" | "low";
                        owner: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            username: string;
                        };
                        peakViewers: number;
                        record: boolean;
                        startedAt: ((string | null) | null) | null;
                        /** @enum {string} */
                        state: "idle" | "live" | "ended";
                        title: string;
                        uniqueViewers: number;
                        /** @description The recording, once it is a video */
                        videoId: ((string | null) | null) | null;
                        /** @description Watching now */
                        viewers: number;
                        /** @enum {string} */
                        visibility: "public" | "followers" | "unlisted";
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1LiveStreamsByIdModerators: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            createdAt: string;
                            /** @enum {string} */
                            scope: "stream" | "channel";
                            user: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            };
                        }[];
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1LiveStreamsByIdModerators: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    scope?: "stream" | "channel";
                    /** Format: uuid */
                    userId: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        scope: "stream" | "channel";
                        user: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            username: string;
                        };
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1LiveStreamsByIdModeratorsByUserId: {
        parameters: {
            query?: {
                scope?: "stream" | "channel";
            };
            header?: never;
            path: {
                id: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1LiveStreamsByIdPlayback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The URL stops working then; ask again */
                        expiresAt: string;
                        /** @description HLS playlist by a signed URL (a live playlist is served uncached) */
                        hls: string;
                        /** @description true: the live stream; false: its recording, a video now */
                        live: boolean;
                        /** @description The recording, when that is what plays */
                        videoId: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            451: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        email: string;
                        emailVerified: boolean;
                        /** Format: uuid */
                        id: string;
                        profile: {
                            /** @description The profile picture (an image from POST /v1/media) */
                            avatar: (({
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            } | null) | null) | null;
                            /** @description The header image (an image from POST /v1/media) */
                            banner: (({
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            } | null) | null) | null;
                            bio: ((string | null) | null) | null;
                            counts: {
                                followers: number;
                                following: number;
                                posts: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            displayName: ((string | null) | null) | null;
                            id: string;
                            isPrivate: boolean;
                            links: {
                                title: string;
                                url: string;
                            }[];
                            relationship: (({
                                blocking: boolean;
                                followedBy: boolean;
                                following: boolean;
                                muting: boolean;
                                requested: boolean;
                            } | null) | null) | null;
                            settings: (({
                                /** Format: date */
                                birthDate: ((string | null) | null) | null;
                                /** @enum {string} */
                                mentionPolicy: "everyone" | "following" | "nobody";
                                /** @enum {string} */
                                messagePolicy: "everyone" | "following" | "nobody";
                                /** @enum {string} */
                                presenceVisibility: "everyone" | "mutuals" | "nobody";
                                /** @description Direct messages sent to you are screened; those a policy removes are taken down */
                                screenMessages: boolean;
                                /** @description IANA time zone: notification quiet hours and digests follow it */
                                timeZone: string;
                            } | null) | null) | null;
                            username: string;
                        };
                        role: string;
                        username: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1Me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description An image of yours from POST /v1/media as the profile picture; null removes it
                     */
                    avatarMediaId?: ((string | null) | null) | null;
                    /**
                     * Format: uuid
                     * @description An image of yours from POST /v1/media as the header image; null removes it
                     */
                    bannerMediaId?: ((string | null) | null) | null;
                    bio?: ((string | null) | null) | null;
                    /**
                     * Format: date
                     * @description Kept private; lets age-restricted videos play for those old enough
                     */
                    birthDate?: ((string | null) | null) | null;
                    displayName?: ((string | null) | null) | null;
                    /** @description Followers must be approved; turning it off approves the waiting ones */
                    isPrivate?: boolean;
                    links?: {
                        title: string;
                        /** Format: uri */
                        url: string;
                    }[];
                    /** @enum {string} */
                    mentionPolicy?: "everyone" | "following" | "nobody";
                    /** @enum {string} */
                    messagePolicy?: "everyone" | "following" | "nobody";
                    /** @enum {string} */
                    presenceVisibility?: "everyone" | "mutuals" | "nobody";
                    /** @description Opt in to screening of the direct messages sent to you (automated filtering; off by default) */
                    screenMessages?: boolean;
                    /** @description IANA time zone (Europe/Paris): quiet hours and digests */
                    timeZone?: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The profile picture (an image from POST /v1/media) */
                        avatar: (({
                            altText: ((string | null) | null) | null;
                            height: number;
                            id: string;
                            /** @constant */
                            type: "image";
                            /** @description small (400 px) and large (1600 px) WebP renditions */
                            urls: {
                                [key: string]: string;
                            };
                            width: number;
                        } | null) | null) | null;
                        /** @description The header image (an image from POST /v1/media) */
                        banner: (({
                            altText: ((string | null) | null) | null;
                            height: number;
                            id: string;
                            /** @constant */
                            type: "image";
                            /** @description small (400 px) and large (1600 px) WebP renditions */
                            urls: {
                                [key: string]: string;
                            };
                            width: number;
                        } | null) | null) | null;
                        bio: ((string | null) | null) | null;
                        counts: {
                            followers: number;
                            following: number;
                            posts: number;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        displayName: ((string | null) | null) | null;
                        id: string;
                        isPrivate: boolean;
                        links: {
                            title: string;
                            url: string;
                        }[];
                        relationship: (({
                            blocking: boolean;
                            followedBy: boolean;
                            following: boolean;
                            muting: boolean;
                            requested: boolean;
                        } | null) | null) | null;
                        settings: (({
                            /** Format: date */
                            birthDate: ((string | null) | null) | null;
                            /** @enum {string} */
                            mentionPolicy: "everyone" | "following" | "nobody";
                            /** @enum {string} */
                            messagePolicy: "everyone" | "following" | "nobody";
                            /** @enum {string} */
                            presenceVisibility: "everyone" | "mutuals" | "nobody";
                            /** @description Direct messages sent to you are screened; those a policy removes are taken down */
                            screenMessages: boolean;
                            /** @description IANA time zone: notification quiet hours and digests follow it */
                            timeZone: string;
                        } | null) | null) | null;
                        username: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "getV1MeAd-preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description No ads where the law gives the choice (ADS_OPT_OUT_COUNTRIES) */
                        optedOut: boolean;
                        /** @description IANA time zone of campaigns' hours (UTC when null) */
                        timeZone: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "putV1MeAd-preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    optedOut?: boolean;
                    timeZone?: ((string | null) | null) | null;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description No ads where the law gives the choice (ADS_OPT_OUT_COUNTRIES) */
                        optedOut: boolean;
                        /** @description IANA time zone of campaigns' hours (UTC when null) */
                        timeZone: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1MePhone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description E.164 */
                    phone: string;
                };
            };
        };
        responses: {
            /** @description Response for status 202 */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        expiresAt: string;
                        phone: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1MePhone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1MePhoneVerify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        phone: string;
                        /** @constant */
                        verified: true;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Media: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** @description Describe the image for people who cannot see it */
                    altText?: string;
                    /**
                     * Format: binary
                     * @default File
                     */
                    file: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        altText: ((string | null) | null) | null;
                        height: number;
                        id: string;
                        /** @constant */
                        type: "image";
                        /** @description small (400 px) and large (1600 px) WebP renditions */
                        urls: {
                            [key: string]: string;
                        };
                        width: number;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1MediaByIdByVariant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                variant: "small" | "large";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image (WebP) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/webp": string;
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1ModerationActions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The case it decides (then resolved)
                     */
                    caseId?: string;
                    /**
                     * @default remove
                     * @enum {string}
                     */
                    kind: "remove" | "sensitive" | "age_restrict" | "hold" | "warn" | "limit" | "suspend" | "ban";
                    reason: string;
                    /** @description The rule broken, as the statement names it */
                    rule: string;
                    /** @description kind:id, kind one of post, user, video, image, stream, message (e.g. post:<uuid>) */
                    subject: string;
                    /**
                     * Format: date-time
                     * @description The end of a suspension (suspend only)
                     */
                    until?: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appealableUntil: string;
                        automated: boolean;
                        caseId: ((string | null) | null) | null;
                        createdAt: string;
                        id: string;
                        /**
                         * @default remove
                         * @enum {string}
                         */
                        kind: "remove" | "sensitive" | "age_restrict" | "hold" | "warn" | "limit" | "suspend" | "ban";
                        /** @description Shown to moderators only */
                        moderatorId: ((string | null) | null) | null;
                        reversedAt: ((string | null) | null) | null;
                        statement: {
                            /**
                             * @default remove
                             * @enum {string}
                             */
                            action: "remove" | "sensitive" | "age_restrict" | "hold" | "warn" | "limit" | "suspend" | "ban";
                            appeal: string;
                            automated: boolean;
                            consequence: string;
                            reason: string;
                            rule: string;
                            subject: string;
                            until: ((string | null) | null) | null;
                        };
                        subject: string;
                        targetUserId: ((string | null) | null) | null;
                        until: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1ModerationActionsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appealableUntil: string;
                        automated: boolean;
                        caseId: ((string | null) | null) | null;
                        createdAt: string;
                        id: string;
                        /**
                         * @default remove
                         * @enum {string}
                         */
                        kind: "remove" | "sensitive" | "age_restrict" | "hold" | "warn" | "limit" | "suspend" | "ban";
                        /** @description Shown to moderators only */
                        moderatorId: ((string | null) | null) | null;
                        reversedAt: ((string | null) | null) | null;
                        statement: {
                            /**
                             * @default remove
                             * @enum {string}
                             */
                            action: "remove" | "sensitive" | "age_restrict" | "hold" | "warn" | "limit" | "suspend" | "ban";
                            appeal: string;
                            automated: boolean;
                            consequence: string;
                            reason: string;
                            rule: string;
                            subject: string;
                            until: ((string | null) | null) | null;
                        };
                        subject: string;
                        targetUserId: ((string | null) | null) | null;
                        until: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1ModerationActionsByIdReverse: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appealableUntil: string;
                        automated: boolean;
                        caseId: ((string | null) | null) | null;
                        createdAt: string;
                        id: string;
                        /**
                         * @default remove
                         * @enum {string}
                         */
                        kind: "remove" | "sensitive" | "age_restrict" | "hold" | "warn" | "limit" | "suspend" | "ban";
                        /** @description Shown to moderators only */
                        moderatorId: ((string | null) | null) | null;
                        reversedAt: ((string | null) | null) | null;
                        statement: {
                            /**
                             * @default remove
                             * @enum {string}
                             */
                            action: "remove" | "sensitive" | "age_restrict" | "hold" | "warn" | "limit" | "suspend" | "ban";
                            appeal: string;
                            automated: boolean;
                            consequence: string;
                            reason: string;
                            rule: string;
                            subject: string;
                            until: ((string | null) | null) | null;
                        };
                        subject: string;
                        targetUserId: ((string | null) | null) | null;
                        until: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1ModerationAppeals: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                state?: "pending" | "upheld" | "reversed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            actionId: string;
                            appellantId: string;
                            createdAt: string;
                            decidedAt: ((string | null) | null) | null;
                            decisionReason: ((string | null) | null) | null;
                            id: string;
                            /** @enum {string} */
                            state: "pending" | "upheld" | "reversed";
                            text: string;
                        }[];
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1ModerationCases: {
        parameters: {
            query?: {
                assignee?: "none" | string;
                category?: "spam" | "harassment" | "hate" | "violence" | "sexual" | "child_safety" | "copyright" | "self_harm" | "impersonation" | "other";
                cursor?: string;
                limit?: number;
                state?: "open" | "escalated" | "resolved";
                subjectKind?: "post" | "user" | "video" | "image" | "stream" | "message";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            assigneeId: ((string | null) | null) | null;
                            categories: string[];
                            createdAt: string;
                            id: string;
                            /** @description Category, reporters, labels and the author’s reach; higher first */
                            priority: number;
                            reportCount: number;
                            resolvedAt: ((string | null) | null) | null;
                            /**
                             * @default open
                             * @enum {string}
                             */
                            state: "open" | "escalated" | "resolved";
                            subject: string;
                            subjectUserId: ((string | null) | null) | null;
                            updatedAt: string;
                        }[];
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1ModerationCasesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        assigneeId: ((string | null) | null) | null;
                        categories: string[];
                        createdAt: string;
                        id: string;
                        notes: {
                            authorId: ((string | null) | null) | null;
                            createdAt: string;
                            id: string;
                            text: string;
                        }[];
                        /** @description Category, reporters, labels and the author’s reach; higher first */
                        priority: number;
                        reportCount: number;
                        reports: {
                            category: string;
                            comment: ((string | null) | null) | null;
                            createdAt: string;
                            extraSubjects: string[];
                            id: string;
                            reporterId: string;
                        }[];
                        resolvedAt: ((string | null) | null) | null;
                        /**
                         * @default open
                         * @enum {string}
                         */
                        state: "open" | "escalated" | "resolved";
                        subject: string;
                        subjectUserId: ((string | null) | null) | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1ModerationCasesByIdAssign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description Absent: yourself; null: nobody
                     */
                    assigneeId?: ((string | null) | null) | null;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        assigneeId: ((string | null) | null) | null;
                        categories: string[];
                        createdAt: string;
                        id: string;
                        notes: {
                            authorId: ((string | null) | null) | null;
                            createdAt: string;
                            id: string;
                            text: string;
                        }[];
                        /** @description Category, reporters, labels and the author’s reach; higher first */
                        priority: number;
                        reportCount: number;
                        reports: {
                            category: string;
                            comment: ((string | null) | null) | null;
                            createdAt: string;
                            extraSubjects: string[];
                            id: string;
                            reporterId: string;
                        }[];
                        resolvedAt: ((string | null) | null) | null;
                        /**
                         * @default open
                         * @enum {string}
                         */
                        state: "open" | "escalated" | "resolved";
                        subject: string;
                        subjectUserId: ((string | null) | null) | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1ModerationCasesByIdDismiss: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        assigneeId: ((string | null) | null) | null;
                        categories: string[];
                        createdAt: string;
                        id: string;
                        notes: {
                            authorId: ((string | null) | null) | null;
                            createdAt: string;
                            id: string;
                            text: string;
                        }[];
                        /** @description Category, reporters, labels and the author’s reach; higher first */
                        priority: number;
                        reportCount: number;
                        reports: {
                            category: string;
                            comment: ((string | null) | null) | null;
                            createdAt: string;
                            extraSubjects: string[];
                            id: string;
                            reporterId: string;
                        }[];
                        resolvedAt: ((string | null) | null) | null;
                        /**
                         * @default open
                         * @enum {string}
                         */
                        state: "open" | "escalated" | "resolved";
                        subject: string;
                        subjectUserId: ((string | null) | null) | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1ModerationCasesByIdEscalate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        assigneeId: ((string | null) | null) | null;
                        categories: string[];
                        createdAt: string;
                        id: string;
                        notes: {
                            authorId: ((string | null) | null) | null;
                            createdAt: string;
                            id: string;
                            text: string;
                        }[];
                        /** @description Category, reporters, labels and the author’s reach; higher first */
                        priority: number;
                        reportCount: number;
                        reports: {
                            category: string;
                            comment: ((string | null) | null) | null;
                            createdAt: string;
                            extraSubjects: string[];
                            id: string;
                            reporterId: string;
                        }[];
                        resolvedAt: ((string | null) | null) | null;
                        /**
                         * @default open
                         * @enum {string}
                         */
                        state: "open" | "escalated" | "resolved";
                        subject: string;
                        subjectUserId: ((string | null) | null) | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1ModerationCasesByIdNotes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        assigneeId: ((string | null) | null) | null;
                        categories: string[];
                        createdAt: string;
                        id: string;
                        notes: {
                            authorId: ((string | null) | null) | null;
                            createdAt: string;
                            id: string;
                            text: string;
                        }[];
                        /** @description Category, reporters, labels and the author’s reach; higher first */
                        priority: number;
                        reportCount: number;
                        reports: {
                            category: string;
                            comment: ((string | null) | null) | null;
                            createdAt: string;
                            extraSubjects: string[];
                            id: string;
                            reporterId: string;
                        }[];
                        resolvedAt: ((string | null) | null) | null;
                        /**
                         * @default open
                         * @enum {string}
                         */
                        state: "open" | "escalated" | "resolved";
                        subject: string;
                        subjectUserId: ((string | null) | null) | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1ModerationLabels: {
        parameters: {
            query?: {
                subject?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            createdAt: string;
                            id: string;
                            score: number;
                            source: string;
                            subject: {
                                id: string;
                                kind: string;
                            };
                            value: string;
                        }[];
                        nextCursor: null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Mutes: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            account: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            expiresAt: ((string | null) | null) | null;
                            since: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Notifications: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                types?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description null when the platform speaks (moderation) */
                            actor: (({
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            } | null) | null) | null;
                            /** @description For type copyright: the claim made, disputed or decided (GET /v1/copyright/claims/{id}) */
                            copyrightClaimId: ((string | null) | null) | null;
                            createdAt: string;
                            id: string;
                            /** @description For type moderation: the action whose statement of reasons to read */
                            moderationActionId: ((string | null) | null) | null;
                            post: (({
                                /** @enum {string} */
                                audience: "public" | "subscribers";
                                audienceTierId: ((string | null) | null) | null;
                                author: {
                                    displayName: ((string | null) | null) | null;
                                    id: string;
                                    isPrivate: boolean;
                                    username: string;
                                };
                                contentWarning: ((string | null) | null) | null;
                                counts: {
                                    likes: number;
                                    quotes: number;
                                    replies: number;
                                    reposts: number;
                                };
                                createdAt: string;
                                editedAt: ((string | null) | null) | null;
                                id: string;
                                /** @description ISO 639-1, given or detected; null when unknown */
                                language: ((string | null) | null) | null;
                                /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                                locked: boolean;
                                media: {
                                    altText: ((string | null) | null) | null;
                                    height: number;
                                    id: string;
                                    /** @constant */
                                    type: "image";
                                    /** @description small (400 px) and large (1600 px) WebP renditions */
                                    urls: {
                                        [key: string]: string;
                                    };
                                    width: number;
                                }[];
                                /** @description Usernames the post reaches */
                                mentions: string[];
                                /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                                moderation: ((string | null) | null) | null;
                                /** @description null while scheduled */
                                publishedAt: ((string | null) | null) | null;
                                quoteOfId: ((string | null) | null) | null;
                                replyToId: ((string | null) | null) | null;
                                scheduledAt: ((string | null) | null) | null;
                                sensitive: boolean;
                                tags: string[];
                                text: string;
                                threadId: string;
                                /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                                video: (({
                                    durationMs: ((number | null) | null) | null;
                                    id: string;
                                    status: string;
                                    title: string;
                                } | null) | null) | null;
                                viewer: (({
                                    liked: boolean;
                                    reposted: boolean;
                                } | null) | null) | null;
                                /** @enum {string} */
                                visibility: "public" | "followers" | "mentioned";
                            } | null) | null) | null;
                            read: boolean;
                            /** @description For type moderation: your report that was decided */
                            reportId: ((string | null) | null) | null;
                            /** @description The live stream a live_started notification is about (GET /v1/live/streams/{id}) */
                            stream: (({
                                id: string;
                                title: string;
                            } | null) | null) | null;
                            /** @enum {string} */
                            type: "follow" | "follow_request" | "like" | "repost" | "reply" | "mention" | "quote" | "live_started" | "moderation" | "post" | "security" | "copyright";
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1NotificationsGroups: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                types?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description The latest three actors */
                            actors: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            }[];
                            /** @description Notifications in the group */
                            count: number;
                            /** @description What the group is about, e.g. like:<post id> or follow */
                            key: string;
                            latestAt: string;
                            post: (({
                                /** @enum {string} */
                                audience: "public" | "subscribers";
                                audienceTierId: ((string | null) | null) | null;
                                author: {
                                    displayName: ((string | null) | null) | null;
                                    id: string;
                                    isPrivate: boolean;
                                    username: string;
                                };
                                contentWarning: ((string | null) | null) | null;
                                counts: {
                                    likes: number;
                                    quotes: number;
                                    replies: number;
                                    reposts: number;
                                };
                                createdAt: string;
                                editedAt: ((string | null) | null) | null;
                                id: string;
                                /** @description ISO 639-1, given or detected; null when unknown */
                                language: ((string | null) | null) | null;
                                /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                                locked: boolean;
                                media: {
                                    altText: ((string | null) | null) | null;
                                    height: number;
                                    id: string;
                                    /** @constant */
                                    type: "image";
                                    /** @description small (400 px) and large (1600 px) WebP renditions */
                                    urls: {
                                        [key: string]: string;
                                    };
                                    width: number;
                                }[];
                                /** @description Usernames the post reaches */
                                mentions: string[];
                                /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                                moderation: ((string | null) | null) | null;
                                /** @description null while scheduled */
                                publishedAt: ((string | null) | null) | null;
                                quoteOfId: ((string | null) | null) | null;
                                replyToId: ((string | null) | null) | null;
                                scheduledAt: ((string | null) | null) | null;
                                sensitive: boolean;
                                tags: string[];
                                text: string;
                                threadId: string;
                                /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                                video: (({
                                    durationMs: ((number | null) | null) | null;
                                    id: string;
                                    status: string;
                                    title: string;
                                } | null) | null) | null;
                                viewer: (({
                                    liked: boolean;
                                    reposted: boolean;
                                } | null) | null) | null;
                                /** @enum {string} */
                                visibility: "public" | "followers" | "mentioned";
                            } | null) | null) | null;
                            /** @enum {string} */
                            type: "follow" | "follow_request" | "like" | "repost" | "reply" | "mention" | "quote" | "live_started" | "moderation" | "post" | "security" | "copyright";
                            /** @description Whether any notification of the group is unread */
                            unread: boolean;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1NotificationsOpenByToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To what the notification is about */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1NotificationsPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        digest: {
                            /** @enum {string} */
                            frequency: "off" | "daily" | "weekly";
                            /** @description Local hour the digest is sent */
                            hour: number;
                            /** @description Weekly: ISO weekday (1 Monday) */
                            weekday: number;
                        };
                        /** @description No notification e-mail at all (one-click unsubscribe sets it) */
                        emailOff: boolean;
                        /** @description Notifications from accounts you do not follow are held in requests */
                        filterStrangers: boolean;
                        /** @description Pushes and SMS wait until the end (security notices pass); e-mail is not held */
                        quietHours: (({
                            /** @description HH:MM, local time */
                            end: string;
                            /** @description HH:MM, local time */
                            start: string;
                        } | null) | null) | null;
                        /** @description IANA time zone of quiet hours and digests */
                        timeZone: string;
                        types: {
                            /** @enum {string} */
                            category: "social" | "security" | "system";
                            channels: {
                                email: boolean;
                                in_app: boolean;
                                mobile_push: boolean;
                                sms: boolean;
                                web_push: boolean;
                            };
                            defaults: {
                                email: boolean;
                                in_app: boolean;
                                mobile_push: boolean;
                                sms: boolean;
                                web_push: boolean;
                            };
                            description: string;
                            /** @enum {string|null|null} */
                            fromWhom: "anyone" | "following" | "followers" | "mutuals" | "nobody" | null;
                            type: string;
                        }[];
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putV1NotificationsPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    digest?: {
                        /** @enum {string} */
                        frequency?: "off" | "daily" | "weekly";
                        hour?: number;
                        weekday?: number;
                    };
                    emailOff?: boolean;
                    filterStrangers?: boolean;
                    quietHours?: (({
                        /** @description HH:MM, local time */
                        end: string;
                        /** @description HH:MM, local time */
                        start: string;
                    } | null) | null) | null;
                    timeZone?: string;
                    /** @description Per type: channels to turn on or off, from whom (null: the default) */
                    types?: {
                        [key: string]: {
                            channels?: {
                                email?: boolean;
                                in_app?: boolean;
                                mobile_push?: boolean;
                                sms?: boolean;
                                web_push?: boolean;
                            };
                            fromWhom?: (("anyone" | "following" | "followers" | "mutuals" | "nobody") | null) | null;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        digest: {
                            /** @enum {string} */
                            frequency: "off" | "daily" | "weekly";
                            /** @description Local hour the digest is sent */
                            hour: number;
                            /** @description Weekly: ISO weekday (1 Monday) */
                            weekday: number;
                        };
                        /** @description No notification e-mail at all (one-click unsubscribe sets it) */
                        emailOff: boolean;
                        /** @description Notifications from accounts you do not follow are held in requests */
                        filterStrangers: boolean;
                        /** @description Pushes and SMS wait until the end (security notices pass); e-mail is not held */
                        quietHours: (({
                            /** @description HH:MM, local time */
                            end: string;
                            /** @description HH:MM, local time */
                            start: string;
                        } | null) | null) | null;
                        /** @description IANA time zone of quiet hours and digests */
                        timeZone: string;
                        types: {
                            /** @enum {string} */
                            category: "social" | "security" | "system";
                            channels: {
                                email: boolean;
                                in_app: boolean;
                                mobile_push: boolean;
                                sms: boolean;
                                web_push: boolean;
                            };
                            defaults: {
                                email: boolean;
                                in_app: boolean;
                                mobile_push: boolean;
                                sms: boolean;
                                web_push: boolean;
                            };
                            description: string;
                            /** @enum {string|null|null} */
                            fromWhom: "anyone" | "following" | "followers" | "mutuals" | "nobody" | null;
                            type: string;
                        }[];
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1NotificationsRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    all?: boolean;
                    ids?: string[];
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        unreadCount: number;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1NotificationsRequests: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            actor: (({
                                displayName: ((string | null) | null) | null;
                                id: string;
                                username: string;
                            } | null) | null) | null;
                            createdAt: string;
                            id: string;
                            type: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1NotificationsRequestsByActorIdAccept: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                actorId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Notifications accepted */
                        count: number;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1NotificationsRequestsByActorIdDismiss: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                actorId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Notifications dismissed (deleted) */
                        count: number;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "getV1NotificationsUnread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        count: number;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1NotificationsUnsubscribe: {
        parameters: {
            query: {
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The type, all or digest the link stops */
                        type: string;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1NotificationsUnsubscribe: {
        parameters: {
            query: {
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description List-Unsubscribe=One-Click (RFC 8058), form-encoded */
        requestBody?: {
            content: {
                "application/json": {
                    /** @constant */
                    "List-Unsubscribe"?: "One-Click";
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        unsubscribed: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1NotificationsWebhooksPostmark: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A Postmark webhook (Bounce, SpamComplaint, Delivery) */
        requestBody: {
            content: {
                "application/json": {
                    Description?: string;
                    Email?: string;
                    Metadata?: {
                        [key: string]: string;
                    };
                    Recipient?: string;
                    RecordType: string;
                    Type?: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        outcome: "suppressed" | "delivered" | "ignored";
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1NotificationsWebhooksTwilio: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Twilio's message status callback (form-encoded) */
        requestBody: {
            content: {
                "application/json": {
                    ErrorCode?: string;
                    MessageSid: string;
                    MessageStatus: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        outcome: "delivered" | "failed" | "ignored";
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1PaymentsWebhooksStripe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A Stripe event, verified over the bytes as sent */
        requestBody: {
            content: {
                "application/json": {
                    id: string;
                    type: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @description processed, ignored (not ours or not needed), duplicate (handled before), pending (failed; retried with back-off), failed */
                        outcome: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "getV1PlayByToken*": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file: a playlist, manifest, segment or image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": unknown;
                };
            };
            /** @description The byte range asked for with Range */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": unknown;
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Posts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    audience?: "public" | "subscribers";
                    /**
                     * Format: uuid
                     * @description With subscribers: a tier of yours; that tier and above
                     */
                    audienceTierId?: string;
                    contentWarning?: ((string | null) | null) | null;
                    /** @description ISO 639-1 code (en, fr, de...): search stems the post in that language. Detected from the text when not given */
                    language?: string;
                    /** @description From POST /v1/media */
                    mediaIds?: string[];
                    /** Format: uuid */
                    quoteOf?: string;
                    /** Format: uuid */
                    replyTo?: string;
                    /**
                     * Format: date-time
                     * @description Publish later (10 s to a year ahead)
                     */
                    scheduledAt?: string;
                    sensitive?: boolean;
                    /** @description At most 500 characters */
                    text: string;
                    /**
                     * Format: uuid
                     * @description A video of yours (POST /v1/videos) to carry
                     */
                    videoId?: string;
                    /** @enum {string} */
                    visibility?: "public" | "followers" | "mentioned";
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        audience: "public" | "subscribers";
                        audienceTierId: ((string | null) | null) | null;
                        author: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            isPrivate: boolean;
                            username: string;
                        };
                        contentWarning: ((string | null) | null) | null;
                        counts: {
                            likes: number;
                            quotes: number;
                            replies: number;
                            reposts: number;
                        };
                        createdAt: string;
                        editedAt: ((string | null) | null) | null;
                        id: string;
                        /** @description ISO 639-1, given or detected; null when unknown */
                        language: ((string | null) | null) | null;
                        /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                        locked: boolean;
                        media: {
                            altText: ((string | null) | null) | null;
                            height: number;
                            id: string;
                            /** @constant */
                            type: "image";
                            /** @description small (400 px) and large (1600 px) WebP renditions */
                            urls: {
                                [key: string]: string;
                            };
                            width: number;
                        }[];
                        /** @description Usernames the post reaches */
                        mentions: string[];
                        /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                        moderation: ((string | null) | null) | null;
                        /** @description null while scheduled */
                        publishedAt: ((string | null) | null) | null;
                        quoteOfId: ((string | null) | null) | null;
                        replyToId: ((string | null) | null) | null;
                        scheduledAt: ((string | null) | null) | null;
                        sensitive: boolean;
                        tags: string[];
                        text: string;
                        threadId: string;
                        /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                        video: (({
                            durationMs: ((number | null) | null) | null;
                            id: string;
                            status: string;
                            title: string;
                        } | null) | null) | null;
                        viewer: (({
                            liked: boolean;
                            reposted: boolean;
                        } | null) | null) | null;
                        /** @enum {string} */
                        visibility: "public" | "followers" | "mentioned";
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1PostsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        audience: "public" | "subscribers";
                        audienceTierId: ((string | null) | null) | null;
                        author: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            isPrivate: boolean;
                            username: string;
                        };
                        contentWarning: ((string | null) | null) | null;
                        counts: {
                            likes: number;
                            quotes: number;
                            replies: number;
                            reposts: number;
                        };
                        createdAt: string;
                        editedAt: ((string | null) | null) | null;
                        id: string;
                        /** @description ISO 639-1, given or detected; null when unknown */
                        language: ((string | null) | null) | null;
                        /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                        locked: boolean;
                        media: {
                            altText: ((string | null) | null) | null;
                            height: number;
                            id: string;
                            /** @constant */
                            type: "image";
                            /** @description small (400 px) and large (1600 px) WebP renditions */
                            urls: {
                                [key: string]: string;
                            };
                            width: number;
                        }[];
                        /** @description Usernames the post reaches */
                        mentions: string[];
                        /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                        moderation: ((string | null) | null) | null;
                        /** @description null while scheduled */
                        publishedAt: ((string | null) | null) | null;
                        quoteOfId: ((string | null) | null) | null;
                        replyToId: ((string | null) | null) | null;
                        scheduledAt: ((string | null) | null) | null;
                        sensitive: boolean;
                        tags: string[];
                        text: string;
                        threadId: string;
                        /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                        video: (({
                            durationMs: ((number | null) | null) | null;
                            id: string;
                            status: string;
                            title: string;
                        } | null) | null) | null;
                        viewer: (({
                            liked: boolean;
                            reposted: boolean;
                        } | null) | null) | null;
                        /** @enum {string} */
                        visibility: "public" | "followers" | "mentioned";
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1PostsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1PostsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    contentWarning?: ((string | null) | null) | null;
                    /** @description ISO 639-1 code (en, fr, de...): search stems the post in that language. Detected from the text when not given */
                    language?: string;
                    sensitive?: boolean;
                    text?: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        audience: "public" | "subscribers";
                        audienceTierId: ((string | null) | null) | null;
                        author: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            isPrivate: boolean;
                            username: string;
                        };
                        contentWarning: ((string | null) | null) | null;
                        counts: {
                            likes: number;
                            quotes: number;
                            replies: number;
                            reposts: number;
                        };
                        createdAt: string;
                        editedAt: ((string | null) | null) | null;
                        id: string;
                        /** @description ISO 639-1, given or detected; null when unknown */
                        language: ((string | null) | null) | null;
                        /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                        locked: boolean;
                        media: {
                            altText: ((string | null) | null) | null;
                            height: number;
                            id: string;
                            /** @constant */
                            type: "image";
                            /** @description small (400 px) and large (1600 px) WebP renditions */
                            urls: {
                                [key: string]: string;
                            };
                            width: number;
                        }[];
                        /** @description Usernames the post reaches */
                        mentions: string[];
                        /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                        moderation: ((string | null) | null) | null;
                        /** @description null while scheduled */
                        publishedAt: ((string | null) | null) | null;
                        quoteOfId: ((string | null) | null) | null;
                        replyToId: ((string | null) | null) | null;
                        scheduledAt: ((string | null) | null) | null;
                        sensitive: boolean;
                        tags: string[];
                        text: string;
                        threadId: string;
                        /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                        video: (({
                            durationMs: ((number | null) | null) | null;
                            id: string;
                            status: string;
                            title: string;
                        } | null) | null) | null;
                        viewer: (({
                            liked: boolean;
                            reposted: boolean;
                        } | null) | null) | null;
                        /** @enum {string} */
                        visibility: "public" | "followers" | "mentioned";
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putV1PostsByIdAudience: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    audience: "public" | "subscribers";
                    /**
                     * Format: uuid
                     * @description Subscribers of this tier and above
                     */
                    tierId?: ((string | null) | null) | null;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        audience: string;
                        audienceTierId: ((string | null) | null) | null;
                        id: string;
                        kind: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1PostsByIdBookmark: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    collectionId?: ((string | null) | null) | null;
                };
            };
        };
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1PostsByIdBookmark: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1PostsByIdContext: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ancestors: {
                            /** @enum {string} */
                            audience: "public" | "subscribers";
                            audienceTierId: ((string | null) | null) | null;
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            contentWarning: ((string | null) | null) | null;
                            counts: {
                                likes: number;
                                quotes: number;
                                replies: number;
                                reposts: number;
                            };
                            createdAt: string;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            /** @description ISO 639-1, given or detected; null when unknown */
                            language: ((string | null) | null) | null;
                            /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                            locked: boolean;
                            media: {
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            }[];
                            /** @description Usernames the post reaches */
                            mentions: string[];
                            /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                            moderation: ((string | null) | null) | null;
                            /** @description null while scheduled */
                            publishedAt: ((string | null) | null) | null;
                            quoteOfId: ((string | null) | null) | null;
                            replyToId: ((string | null) | null) | null;
                            scheduledAt: ((string | null) | null) | null;
                            sensitive: boolean;
                            tags: string[];
                            text: string;
                            threadId: string;
                            /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                            video: (({
                                durationMs: ((number | null) | null) | null;
                                id: string;
                                status: string;
                                title: string;
                            } | null) | null) | null;
                            viewer: (({
                                liked: boolean;
                                reposted: boolean;
                            } | null) | null) | null;
                            /** @enum {string} */
                            visibility: "public" | "followers" | "mentioned";
                        }[];
                        descendants: {
                            /** @enum {string} */
                            audience: "public" | "subscribers";
                            audienceTierId: ((string | null) | null) | null;
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            contentWarning: ((string | null) | null) | null;
                            counts: {
                                likes: number;
                                quotes: number;
                                replies: number;
                                reposts: number;
                            };
                            createdAt: string;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            /** @description ISO 639-1, given or detected; null when unknown */
                            language: ((string | null) | null) | null;
                            /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                            locked: boolean;
                            media: {
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            }[];
                            /** @description Usernames the post reaches */
                            mentions: string[];
                            /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                            moderation: ((string | null) | null) | null;
                            /** @description null while scheduled */
                            publishedAt: ((string | null) | null) | null;
                            quoteOfId: ((string | null) | null) | null;
                            replyToId: ((string | null) | null) | null;
                            scheduledAt: ((string | null) | null) | null;
                            sensitive: boolean;
                            tags: string[];
                            text: string;
                            threadId: string;
                            /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                            video: (({
                                durationMs: ((number | null) | null) | null;
                                id: string;
                                status: string;
                                title: string;
                            } | null) | null) | null;
                            viewer: (({
                                liked: boolean;
                                reposted: boolean;
                            } | null) | null) | null;
                            /** @enum {string} */
                            visibility: "public" | "followers" | "mentioned";
                        }[];
                        post: {
                            /** @enum {string} */
                            audience: "public" | "subscribers";
                            audienceTierId: ((string | null) | null) | null;
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            contentWarning: ((string | null) | null) | null;
                            counts: {
                                likes: number;
                                quotes: number;
                                replies: number;
                                reposts: number;
                            };
                            createdAt: string;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            /** @description ISO 639-1, given or detected; null when unknown */
                            language: ((string | null) | null) | null;
                            /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                            locked: boolean;
                            media: {
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            }[];
                            /** @description Usernames the post reaches */
                            mentions: string[];
                            /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                            moderation: ((string | null) | null) | null;
                            /** @description null while scheduled */
                            publishedAt: ((string | null) | null) | null;
                            quoteOfId: ((string | null) | null) | null;
                            replyToId: ((string | null) | null) | null;
                            scheduledAt: ((string | null) | null) | null;
                            sensitive: boolean;
                            tags: string[];
                            text: string;
                            threadId: string;
                            /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                            video: (({
                                durationMs: ((number | null) | null) | null;
                                id: string;
                                status: string;
                                title: string;
                            } | null) | null) | null;
                            viewer: (({
                                liked: boolean;
                                reposted: boolean;
                            } | null) | null) | null;
                            /** @enum {string} */
                            visibility: "public" | "followers" | "mentioned";
                        };
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1PostsByIdHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            contentWarning: ((string | null) | null) | null;
                            /**
                             * Format: date-time
                             * @description When this version became current (it lasted until the next one)
                             */
                            from: string;
                            sensitive: boolean;
                            text: string;
                        }[];
                        /** @description Always null: every version fits in one page */
                        nextCursor: null;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1PostsByIdLike: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1PostsByIdLike: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1PostsByIdLikes: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            isPrivate: boolean;
                            username: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1PostsByIdRepost: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1PostsByIdRepost: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1PostsByIdReposts: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            isPrivate: boolean;
                            username: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1PushSubscriptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The browser's PushSubscription as JSON */
        requestBody: {
            content: {
                "application/json": {
                    endpoint: string;
                    expirationTime?: ((number | null) | null) | null;
                    keys: {
                        auth: string;
                        p256dh: string;
                    };
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        endpoint: string;
                        id: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1PushSubscriptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    endpoint: string;
                };
            };
        };
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "getV1PushVapid-public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description applicationServerKey for pushManager.subscribe */
                        publicKey: string;
                    };
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Reports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @default spam
                     * @enum {string}
                     */
                    category: "spam" | "harassment" | "hate" | "violence" | "sexual" | "child_safety" | "copyright" | "self_harm" | "impersonation" | "other";
                    comment?: string;
                    /** @description More subjects of the same account */
                    extraSubjects?: string[];
                    /** @description kind:id, kind one of post, user, video, image, stream, message (e.g. post:<uuid>) */
                    subject: string;
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        caseId: string;
                        category: string;
                        id: string;
                        /** @constant */
                        state: "open";
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1ReportsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        category: string;
                        createdAt: string;
                        id: string;
                        /** @enum {string|null|null} */
                        outcome: "action_taken" | "no_action" | null;
                        resolvedAt: ((string | null) | null) | null;
                        /** @enum {string} */
                        state: "open" | "resolved";
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Search: {
        parameters: {
            query: {
                cursor?: string;
                limit?: number;
                q: string;
                type?: "posts" | "users" | "tags";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            audience: "public" | "subscribers";
                            audienceTierId: ((string | null) | null) | null;
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            contentWarning: ((string | null) | null) | null;
                            counts: {
                                likes: number;
                                quotes: number;
                                replies: number;
                                reposts: number;
                            };
                            createdAt: string;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            /** @description ISO 639-1, given or detected; null when unknown */
                            language: ((string | null) | null) | null;
                            /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                            locked: boolean;
                            media: {
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            }[];
                            /** @description Usernames the post reaches */
                            mentions: string[];
                            /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                            moderation: ((string | null) | null) | null;
                            /** @description null while scheduled */
                            publishedAt: ((string | null) | null) | null;
                            quoteOfId: ((string | null) | null) | null;
                            replyToId: ((string | null) | null) | null;
                            scheduledAt: ((string | null) | null) | null;
                            sensitive: boolean;
                            tags: string[];
                            text: string;
                            threadId: string;
                            /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                            video: (({
                                durationMs: ((number | null) | null) | null;
                                id: string;
                                status: string;
                                title: string;
                            } | null) | null) | null;
                            viewer: (({
                                liked: boolean;
                                reposted: boolean;
                            } | null) | null) | null;
                            /** @enum {string} */
                            visibility: "public" | "followers" | "mentioned";
                        }[] | {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            isPrivate: boolean;
                            username: string;
                        }[] | {
                            /** @description Published public posts using it */
                            posts: number;
                            tag: string;
                        }[];
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Subscriptions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            cancelAtPeriodEnd: boolean;
                            createdAt: string;
                            creatorId: string;
                            currentPeriodEnd: string;
                            /** @description Whether it gives access now */
                            entitled: boolean;
                            id: string;
                            interval: string;
                            /** @description Stripe's: active, trialing, past_due, canceled, unpaid, incomplete... */
                            status: string;
                            tier: {
                                id: string;
                                name: string;
                            };
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1SubscriptionsCheckout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    cancelUrl: string;
                    /** @enum {string} */
                    interval: "month" | "year";
                    /** Format: uuid */
                    offerId?: string;
                    /** Format: uri */
                    successUrl: string;
                    /** Format: uuid */
                    tierId: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sessionId: string;
                        /** @description Stripe Checkout's page */
                        url: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1SubscriptionsPortal: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    returnUrl: string;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        url: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1TagsByTagPosts: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                tag: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            audience: "public" | "subscribers";
                            audienceTierId: ((string | null) | null) | null;
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            contentWarning: ((string | null) | null) | null;
                            counts: {
                                likes: number;
                                quotes: number;
                                replies: number;
                                reposts: number;
                            };
                            createdAt: string;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            /** @description ISO 639-1, given or detected; null when unknown */
                            language: ((string | null) | null) | null;
                            /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                            locked: boolean;
                            media: {
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            }[];
                            /** @description Usernames the post reaches */
                            mentions: string[];
                            /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                            moderation: ((string | null) | null) | null;
                            /** @description null while scheduled */
                            publishedAt: ((string | null) | null) | null;
                            quoteOfId: ((string | null) | null) | null;
                            replyToId: ((string | null) | null) | null;
                            scheduledAt: ((string | null) | null) | null;
                            sensitive: boolean;
                            tags: string[];
                            text: string;
                            threadId: string;
                            /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                            video: (({
                                durationMs: ((number | null) | null) | null;
                                id: string;
                                status: string;
                                title: string;
                            } | null) | null) | null;
                            viewer: (({
                                liked: boolean;
                                reposted: boolean;
                            } | null) | null) | null;
                            /** @enum {string} */
                            visibility: "public" | "followers" | "mentioned";
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1TimelinesHome: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            audience: "public" | "subscribers";
                            audienceTierId: ((string | null) | null) | null;
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            contentWarning: ((string | null) | null) | null;
                            counts: {
                                likes: number;
                                quotes: number;
                                replies: number;
                                reposts: number;
                            };
                            createdAt: string;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            /** @description ISO 639-1, given or detected; null when unknown */
                            language: ((string | null) | null) | null;
                            /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                            locked: boolean;
                            media: {
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            }[];
                            /** @description Usernames the post reaches */
                            mentions: string[];
                            /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                            moderation: ((string | null) | null) | null;
                            /** @description null while scheduled */
                            publishedAt: ((string | null) | null) | null;
                            quoteOfId: ((string | null) | null) | null;
                            replyToId: ((string | null) | null) | null;
                            /** @description When it was reposted: the item’s place in the timeline */
                            repostedAt: ((string | null) | null) | null;
                            /** @description The account whose repost brought the post here (null: the post itself) */
                            repostedBy: (({
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            } | null) | null) | null;
                            scheduledAt: ((string | null) | null) | null;
                            sensitive: boolean;
                            tags: string[];
                            text: string;
                            threadId: string;
                            /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                            video: (({
                                durationMs: ((number | null) | null) | null;
                                id: string;
                                status: string;
                                title: string;
                            } | null) | null) | null;
                            viewer: (({
                                liked: boolean;
                                reposted: boolean;
                            } | null) | null) | null;
                            /** @enum {string} */
                            visibility: "public" | "followers" | "mentioned";
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                        /** @description Ads to show among the items (one every ADS_FEED_EVERY posts) */
                        sponsored?: {
                            ad: {
                                /** @description The advertiser's name */
                                advertiser: string;
                                body: ((string | null) | null) | null;
                                campaignId: string;
                                creativeId: string;
                                headline: string;
                                image: (({
                                    large: string;
                                    small: string;
                                } | null) | null) | null;
                                linkUrl: string;
                                servingId: string;
                                /**
                                 * @description Shown marked as sponsored
                                 * @constant
                                 */
                                sponsored: true;
                                tracking: {
                                    expiresAt: string;
                                    /** @description The signed token of this serving, sent with each event */
                                    token: string;
                                    /** @description POST the events here (impression when ≥ 50% visible for 1 s, click) */
                                    url: string;
                                };
                            };
                            /** @description Index among `items` before which the client shows it */
                            position: number;
                        }[];
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1TimelinesPublic: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            audience: "public" | "subscribers";
                            audienceTierId: ((string | null) | null) | null;
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            contentWarning: ((string | null) | null) | null;
                            counts: {
                                likes: number;
                                quotes: number;
                                replies: number;
                                reposts: number;
                            };
                            createdAt: string;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            /** @description ISO 639-1, given or detected; null when unknown */
                            language: ((string | null) | null) | null;
                            /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                            locked: boolean;
                            media: {
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            }[];
                            /** @description Usernames the post reaches */
                            mentions: string[];
                            /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                            moderation: ((string | null) | null) | null;
                            /** @description null while scheduled */
                            publishedAt: ((string | null) | null) | null;
                            quoteOfId: ((string | null) | null) | null;
                            replyToId: ((string | null) | null) | null;
                            scheduledAt: ((string | null) | null) | null;
                            sensitive: boolean;
                            tags: string[];
                            text: string;
                            threadId: string;
                            /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                            video: (({
                                durationMs: ((number | null) | null) | null;
                                id: string;
                                status: string;
                                title: string;
                            } | null) | null) | null;
                            viewer: (({
                                liked: boolean;
                                reposted: boolean;
                            } | null) | null) | null;
                            /** @enum {string} */
                            visibility: "public" | "followers" | "mentioned";
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Tips: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Minor units */
                    amount: number;
                    /** Format: uuid */
                    creatorId: string;
                    /** @description ISO 4217 (usd, eur...) */
                    currency: string;
                    message?: string;
                    subject?: {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "post" | "video" | "stream";
                    };
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: number;
                        /** @description For Stripe.js to confirm the payment */
                        clientSecret: string;
                        currency: string;
                        /** @description The platform's fee */
                        fee: number;
                        id: string;
                        paymentIntentId: string;
                        /** @constant */
                        status: "pending";
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1TipsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: number;
                        createdAt: string;
                        creatorId: string;
                        currency: string;
                        fee: number;
                        id: string;
                        message: ((string | null) | null) | null;
                        paidAt: ((string | null) | null) | null;
                        senderId: string;
                        status: string;
                        subject: (({
                            id: string;
                            kind: string;
                        } | null) | null) | null;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Transparency: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        actions: {
                            /** @description Exact at the threshold and above; a range ("1-9") below */
                            automated: string;
                            /** @description Exact at the threshold and above; a range ("1-9") below */
                            manual: string;
                        };
                        actionsByKind: {
                            [key: string]: string;
                        };
                        appeals: {
                            [key: string]: string;
                        };
                        from: string;
                        medianSecondsReportToAction: ((number | null) | null) | null;
                        reportsByCategory: {
                            [key: string]: string;
                        };
                        /** @description Counts below it are ranges */
                        threshold: number;
                        to: string;
                    };
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1TrendingPosts: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            audience: "public" | "subscribers";
                            audienceTierId: ((string | null) | null) | null;
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            contentWarning: ((string | null) | null) | null;
                            counts: {
                                likes: number;
                                quotes: number;
                                replies: number;
                                reposts: number;
                            };
                            createdAt: string;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            /** @description ISO 639-1, given or detected; null when unknown */
                            language: ((string | null) | null) | null;
                            /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                            locked: boolean;
                            media: {
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            }[];
                            /** @description Usernames the post reaches */
                            mentions: string[];
                            /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                            moderation: ((string | null) | null) | null;
                            /** @description null while scheduled */
                            publishedAt: ((string | null) | null) | null;
                            quoteOfId: ((string | null) | null) | null;
                            replyToId: ((string | null) | null) | null;
                            scheduledAt: ((string | null) | null) | null;
                            sensitive: boolean;
                            tags: string[];
                            text: string;
                            threadId: string;
                            /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                            video: (({
                                durationMs: ((number | null) | null) | null;
                                id: string;
                                status: string;
                                title: string;
                            } | null) | null) | null;
                            viewer: (({
                                liked: boolean;
                                reposted: boolean;
                            } | null) | null) | null;
                            /** @enum {string} */
                            visibility: "public" | "followers" | "mentioned";
                        }[];
                        nextCursor: null;
                    };
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1TrendingTags: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            authors: number;
                            score: number;
                            tag: string;
                        }[];
                        /** @description A top list: one page */
                        nextCursor: null;
                    };
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Uploads: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created; Location is its URL */
            201: {
                headers: {
                    Location?: string;
                    "Upload-Offset"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1UploadsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    headV1UploadsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Upload-Offset and Upload-Length */
            200: {
                headers: {
                    "Upload-Length"?: string;
                    "Upload-Offset"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1UploadsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/offset+octet-stream": string;
            };
        };
        responses: {
            /** @description Stored; Upload-Offset is the new offset */
            204: {
                headers: {
                    "Upload-Offset"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1UsersByUsername: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The profile picture (an image from POST /v1/media) */
                        avatar: (({
                            altText: ((string | null) | null) | null;
                            height: number;
                            id: string;
                            /** @constant */
                            type: "image";
                            /** @description small (400 px) and large (1600 px) WebP renditions */
                            urls: {
                                [key: string]: string;
                            };
                            width: number;
                        } | null) | null) | null;
                        /** @description The header image (an image from POST /v1/media) */
                        banner: (({
                            altText: ((string | null) | null) | null;
                            height: number;
                            id: string;
                            /** @constant */
                            type: "image";
                            /** @description small (400 px) and large (1600 px) WebP renditions */
                            urls: {
                                [key: string]: string;
                            };
                            width: number;
                        } | null) | null) | null;
                        bio: ((string | null) | null) | null;
                        counts: {
                            followers: number;
                            following: number;
                            posts: number;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        displayName: ((string | null) | null) | null;
                        id: string;
                        isPrivate: boolean;
                        links: {
                            title: string;
                            url: string;
                        }[];
                        relationship: (({
                            blocking: boolean;
                            followedBy: boolean;
                            following: boolean;
                            muting: boolean;
                            requested: boolean;
                        } | null) | null) | null;
                        settings: (({
                            /** Format: date */
                            birthDate: ((string | null) | null) | null;
                            /** @enum {string} */
                            mentionPolicy: "everyone" | "following" | "nobody";
                            /** @enum {string} */
                            messagePolicy: "everyone" | "following" | "nobody";
                            /** @enum {string} */
                            presenceVisibility: "everyone" | "mutuals" | "nobody";
                            /** @description Direct messages sent to you are screened; those a policy removes are taken down */
                            screenMessages: boolean;
                            /** @description IANA time zone: notification quiet hours and digests follow it */
                            timeZone: string;
                        } | null) | null) | null;
                        username: string;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1UsersByUsernameBlock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1UsersByUsernameBlock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1UsersByUsernameFollow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        state: "following" | "requested" | "none";
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1UsersByUsernameFollow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        state: "following" | "requested" | "none";
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1UsersByUsernameFollowers: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            isPrivate: boolean;
                            username: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1UsersByUsernameFollowing: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            displayName: ((string | null) | null) | null;
                            id: string;
                            isPrivate: boolean;
                            username: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1UsersByUsernameMute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description Omit to mute until lifted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1UsersByUsernameMute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1UsersByUsernamePosts: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                mediaOnly?: boolean | string;
                withReplies?: boolean | string;
                withReposts?: boolean | string;
            };
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            audience: "public" | "subscribers";
                            audienceTierId: ((string | null) | null) | null;
                            author: {
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            };
                            contentWarning: ((string | null) | null) | null;
                            counts: {
                                likes: number;
                                quotes: number;
                                replies: number;
                                reposts: number;
                            };
                            createdAt: string;
                            editedAt: ((string | null) | null) | null;
                            id: string;
                            /** @description ISO 639-1, given or detected; null when unknown */
                            language: ((string | null) | null) | null;
                            /** @description True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe) */
                            locked: boolean;
                            media: {
                                altText: ((string | null) | null) | null;
                                height: number;
                                id: string;
                                /** @constant */
                                type: "image";
                                /** @description small (400 px) and large (1600 px) WebP renditions */
                                urls: {
                                    [key: string]: string;
                                };
                                width: number;
                            }[];
                            /** @description Usernames the post reaches */
                            mentions: string[];
                            /** @description Moderation's state: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none */
                            moderation: ((string | null) | null) | null;
                            /** @description null while scheduled */
                            publishedAt: ((string | null) | null) | null;
                            quoteOfId: ((string | null) | null) | null;
                            replyToId: ((string | null) | null) | null;
                            /** @description When it was reposted: the item’s place in the timeline */
                            repostedAt: ((string | null) | null) | null;
                            /** @description The account whose repost brought the post here (null: the post itself) */
                            repostedBy: (({
                                displayName: ((string | null) | null) | null;
                                id: string;
                                isPrivate: boolean;
                                username: string;
                            } | null) | null) | null;
                            scheduledAt: ((string | null) | null) | null;
                            sensitive: boolean;
                            tags: string[];
                            text: string;
                            threadId: string;
                            /** @description The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback) */
                            video: (({
                                durationMs: ((number | null) | null) | null;
                                id: string;
                                status: string;
                                title: string;
                            } | null) | null) | null;
                            viewer: (({
                                liked: boolean;
                                reposted: boolean;
                            } | null) | null) | null;
                            /** @enum {string} */
                            visibility: "public" | "followers" | "mentioned";
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                        /** @description Ads to show among the items (one every ADS_FEED_EVERY posts) */
                        sponsored?: {
                            ad: {
                                /** @description The advertiser's name */
                                advertiser: string;
                                body: ((string | null) | null) | null;
                                campaignId: string;
                                creativeId: string;
                                headline: string;
                                image: (({
                                    large: string;
                                    small: string;
                                } | null) | null) | null;
                                linkUrl: string;
                                servingId: string;
                                /**
                                 * @description Shown marked as sponsored
                                 * @constant
                                 */
                                sponsored: true;
                                tracking: {
                                    expiresAt: string;
                                    /** @description The signed token of this serving, sent with each event */
                                    token: string;
                                    /** @description POST the events here (impression when ≥ 50% visible for 1 s, click) */
                                    url: string;
                                };
                            };
                            /** @description Index among `items` before which the client shows it */
                            position: number;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1UsersByUsernamePresence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description When the account last came online or went offline */
                        lastSeenAt: ((string | null) | null) | null;
                        /** @enum {string} */
                        status: "online" | "idle" | "offline";
                        userId: string;
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1UsersByUsernameVideos: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            allowedCountries: string[];
                            blockedCountries: string[];
                            commentsEnabled: boolean;
                            /** @description What moderation found (the label), when sensitive */
                            contentWarning: ((string | null) | null) | null;
                            createdAt: string;
                            description: string;
                            durationMs: ((number | null) | null) | null;
                            failureReason: ((string | null) | null) | null;
                            height: ((number | null) | null) | null;
                            id: string;
                            /** @description The processing job (GET /v1/jobs/{id}) */
                            jobId: ((string | null) | null) | null;
                            minAge: ((number | null) | null) | null;
                            ownerId: string;
                            /** @description A poster frame by a signed URL (valid for at least PLAYBACK_URL_TTL_SECONDS) that opens this file only */
                            poster: (({
                                height: number;
                                url: string;
                                width: number;
                            } | null) | null) | null;
                            /** @description Percent done while processing */
                            progress: ((number | null) | null) | null;
                            publishAt: ((string | null) | null) | null;
                            /** @description e.g. 240p, 360p, 720p, or audio */
                            renditions: string[];
                            /** @description Marked sensitive or age-restricted by moderation: shown behind contentWarning */
                            sensitive: boolean;
                            /** @enum {string} */
                            status: "uploading" | "processing" | "checking" | "ready" | "failed" | "blocked";
                            tags: string[];
                            title: string;
                            updatedAt: string;
                            viewCount: number;
                            /** @enum {string} */
                            visibility: "public" | "unlisted" | "followers" | "private";
                            watchSeconds: number;
                            width: ((number | null) | null) | null;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        nextCursor: ((string | null) | null) | null;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Videos: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description ISO 3166-1 alpha-2; when not empty, only these countries may play the video */
                    allowedCountries?: string[];
                    blockedCountries?: string[];
                    commentsEnabled?: boolean;
                    description?: string;
                    /** @enum {string|null|null} */
                    minAge?: 13 | 16 | 18 | null;
                    /**
                     * Format: date-time
                     * @description Published from then on (scheduled)
                     */
                    publishAt?: ((string | null) | null) | null;
                    tags?: string[];
                    title: string;
                    /** @description The id of a tus upload of yours (the end of its URL) */
                    uploadId: string;
                    /** @enum {string} */
                    visibility: "public" | "unlisted" | "followers" | "private";
                };
            };
        };
        responses: {
            /** @description Response for status 201 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowedCountries: string[];
                        blockedCountries: string[];
                        commentsEnabled: boolean;
                        /** @description What moderation found (the label), when sensitive */
                        contentWarning: ((string | null) | null) | null;
                        createdAt: string;
                        description: string;
                        durationMs: ((number | null) | null) | null;
                        failureReason: ((string | null) | null) | null;
                        height: ((number | null) | null) | null;
                        id: string;
                        /** @description The processing job (GET /v1/jobs/{id}) */
                        jobId: ((string | null) | null) | null;
                        minAge: ((number | null) | null) | null;
                        ownerId: string;
                        /** @description A poster frame by a signed URL (valid for at least PLAYBACK_URL_TTL_SECONDS) that opens this file only */
                        poster: (({
                            height: number;
                            url: string;
                            width: number;
                        } | null) | null) | null;
                        /** @description Percent done while processing */
                        progress: ((number | null) | null) | null;
                        publishAt: ((string | null) | null) | null;
                        /** @description e.g. 240p, 360p, 720p, or audio */
                        renditions: string[];
                        /** @description Marked sensitive or age-restricted by moderation: shown behind contentWarning */
                        sensitive: boolean;
                        /** @enum {string} */
                        status: "uploading" | "processing" | "checking" | "ready" | "failed" | "blocked";
                        tags: string[];
                        title: string;
                        updatedAt: string;
                        viewCount: number;
                        /** @enum {string} */
                        visibility: "public" | "unlisted" | "followers" | "private";
                        watchSeconds: number;
                        width: ((number | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1VideosById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowedCountries: string[];
                        blockedCountries: string[];
                        commentsEnabled: boolean;
                        /** @description What moderation found (the label), when sensitive */
                        contentWarning: ((string | null) | null) | null;
                        createdAt: string;
                        description: string;
                        durationMs: ((number | null) | null) | null;
                        failureReason: ((string | null) | null) | null;
                        height: ((number | null) | null) | null;
                        id: string;
                        /** @description The processing job (GET /v1/jobs/{id}) */
                        jobId: ((string | null) | null) | null;
                        minAge: ((number | null) | null) | null;
                        ownerId: string;
                        /** @description A poster frame by a signed URL (valid for at least PLAYBACK_URL_TTL_SECONDS) that opens this file only */
                        poster: (({
                            height: number;
                            url: string;
                            width: number;
                        } | null) | null) | null;
                        /** @description Percent done while processing */
                        progress: ((number | null) | null) | null;
                        publishAt: ((string | null) | null) | null;
                        /** @description e.g. 240p, 360p, 720p, or audio */
                        renditions: string[];
                        /** @description Marked sensitive or age-restricted by moderation: shown behind contentWarning */
                        sensitive: boolean;
                        /** @enum {string} */
                        status: "uploading" | "processing" | "checking" | "ready" | "failed" | "blocked";
                        tags: string[];
                        title: string;
                        updatedAt: string;
                        viewCount: number;
                        /** @enum {string} */
                        visibility: "public" | "unlisted" | "followers" | "private";
                        watchSeconds: number;
                        width: ((number | null) | null) | null;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteV1VideosById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1VideosById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description ISO 3166-1 alpha-2; when not empty, only these countries may play the video */
                    allowedCountries?: string[];
                    blockedCountries?: string[];
                    commentsEnabled?: boolean;
                    description?: string;
                    /** @enum {string|null|null} */
                    minAge?: 13 | 16 | 18 | null;
                    /**
                     * Format: date-time
                     * @description Published from then on (scheduled)
                     */
                    publishAt?: ((string | null) | null) | null;
                    tags?: string[];
                    title?: string;
                    /** @enum {string} */
                    visibility?: "public" | "unlisted" | "followers" | "private";
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowedCountries: string[];
                        blockedCountries: string[];
                        commentsEnabled: boolean;
                        /** @description What moderation found (the label), when sensitive */
                        contentWarning: ((string | null) | null) | null;
                        createdAt: string;
                        description: string;
                        durationMs: ((number | null) | null) | null;
                        failureReason: ((string | null) | null) | null;
                        height: ((number | null) | null) | null;
                        id: string;
                        /** @description The processing job (GET /v1/jobs/{id}) */
                        jobId: ((string | null) | null) | null;
                        minAge: ((number | null) | null) | null;
                        ownerId: string;
                        /** @description A poster frame by a signed URL (valid for at least PLAYBACK_URL_TTL_SECONDS) that opens this file only */
                        poster: (({
                            height: number;
                            url: string;
                            width: number;
                        } | null) | null) | null;
                        /** @description Percent done while processing */
                        progress: ((number | null) | null) | null;
                        publishAt: ((string | null) | null) | null;
                        /** @description e.g. 240p, 360p, 720p, or audio */
                        renditions: string[];
                        /** @description Marked sensitive or age-restricted by moderation: shown behind contentWarning */
                        sensitive: boolean;
                        /** @enum {string} */
                        status: "uploading" | "processing" | "checking" | "ready" | "failed" | "blocked";
                        tags: string[];
                        title: string;
                        updatedAt: string;
                        viewCount: number;
                        /** @enum {string} */
                        visibility: "public" | "unlisted" | "followers" | "private";
                        watchSeconds: number;
                        width: ((number | null) | null) | null;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putV1VideosByIdAudience: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    audience: "public" | "subscribers";
                    /**
                     * Format: uuid
                     * @description Subscribers of this tier and above
                     */
                    tierId?: ((string | null) | null) | null;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        audience: string;
                        audienceTierId: ((string | null) | null) | null;
                        id: string;
                        kind: string;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1VideosByIdPlayback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ad?: {
                            advertiser: string;
                            campaignId: string;
                            creativeId: string;
                            dash: string;
                            durationMs: number;
                            expiresAt: string;
                            headline: string;
                            /** @description The ad's own signed HLS master playlist */
                            hls: string;
                            linkUrl: string;
                            servingId: string;
                            /** @description The viewer may skip it after this long */
                            skippableAfterMs: number;
                            /** @constant */
                            sponsored: true;
                            tracking: {
                                expiresAt: string;
                                token: string;
                                /** @description POST the events here (impression, click, quartiles, skip) */
                                url: string;
                            };
                        };
                        /** @description DASH manifest */
                        dash: string;
                        durationMs: number;
                        /** @description The URLs stop working then; ask again */
                        expiresAt: string;
                        /** @description HLS master playlist (fMP4 segments shared with DASH) */
                        hls: string;
                        renditions: {
                            audioBitrate: number;
                            height: number;
                            name: string;
                            videoBitrate: number;
                            width: number;
                        }[];
                        storyboard: (({
                            sprite: string;
                            vtt: string;
                        } | null) | null) | null;
                        thumbnails: {
                            height: number;
                            url: string;
                            width: number;
                        }[];
                    };
                };
            };
            /** @description Not permitted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            451: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1VideosByIdViews: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Seconds watched since the last report (players report every 10-30 s) */
                    watchedSeconds: number;
                };
            };
        };
        responses: {
            /** @description Response for status 200 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Whether this report made the view count */
                        counted: boolean;
                        viewCount: number;
                        watchSeconds: number;
                    };
                };
            };
            /** @description Malformed request body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
