package llm

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, header, ms string
		want             time.Duration
	}{
		{"absent", "", "", 0},
		{"seconds", "1", "", time.Second},
		{"seconds with spaces", " 20 ", "", 20 * time.Second},
		{"zero", "0", "", 0},
		{"negative", "-3", "", 0},
		{"absurd", "99999999", "", 0},
		{"http date", now.Add(90 * time.Second).Format(http.TimeFormat), "", 90 * time.Second},
		{"http date in the past", now.Add(-time.Minute).Format(http.TimeFormat), "", 0},
		{"rfc850 date", now.Add(time.Minute).Format("Monday, 02-Jan-06 15:04:05 GMT"), "", time.Minute},
		{"garbage", "soon", "", 0},
		{"retry-after-ms wins", "5", "1500", 1500 * time.Millisecond},
		{"fractional ms", "", "20.5", 20500 * time.Microsecond},
		{"bad ms falls back", "2", "x", 2 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseRetryAfter(tc.header, tc.ms, now); got != tc.want {
				t.Errorf("parseRetryAfter(%q, %q) = %s, want %s", tc.header, tc.ms, got, tc.want)
			}
		})
	}
}

func TestBackoffIsFullJitterUnderADoublingCap(t *testing.T) {
	for _, tc := range []struct {
		base    time.Duration
		retry   int
		ceiling time.Duration
	}{
		{500 * time.Millisecond, 1, 500 * time.Millisecond},
		{500 * time.Millisecond, 2, time.Second},
		{500 * time.Millisecond, 3, 2 * time.Second},
		{500 * time.Millisecond, 40, maxBackoff},
		{0, 3, 0},
	} {
		var lo, hi time.Duration = tc.ceiling, 0
		for range 2000 {
			d := backoff(tc.base, tc.retry)
			lo, hi = min(lo, d), max(hi, d)
		}
		if lo < 0 || hi > tc.ceiling || (tc.ceiling > 0 && (lo > tc.ceiling/10 || hi < tc.ceiling*9/10)) {
			t.Errorf("backoff(%s, %d) ranged over [%s, %s], want all of [0, %s]", tc.base, tc.retry, lo, hi, tc.ceiling)
		}
	}
}

func TestCaptureTransportRecordsTheExchange(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	hc := &http.Client{Transport: captureTransport{base: http.DefaultTransport}}

	x := &exchange{}
	req, _ := http.NewRequestWithContext(withExchange(context.Background(), x), http.MethodPost, srv.URL, nil)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	status, after, sent := x.result(time.Now())
	if status != http.StatusTooManyRequests || after != 7*time.Second || !sent {
		t.Errorf("recorded %d, %s, sent %v; want 429, 7s, true", status, after, sent)
	}

	// Without an exchange in the context the transport just passes through.
	req, _ = http.NewRequest(http.MethodGet, srv.URL, nil)
	if resp, err := hc.Do(req); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
}
