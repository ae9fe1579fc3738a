package llmsim

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// serveDirect sends n routing requests straight to s.ServeHTTP and returns
// the response bodies.
func serveDirect(s *Server, n int) []string {
	bodies := make([]string, n)
	for i := range bodies {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/chat/completions", strings.NewReader(routeBody)))
		bodies[i] = rec.Body.String()
	}
	return bodies
}

func TestRatesHonoured(t *testing.T) {
	const n = 2000
	cfg := Config{
		ErrorRate: 0.10, RateLimitRate: 0.05, HangRate: 0.02, MalformedRate: 0.08,
		OffSchemaRate: 0.07, HostileRate: 0.03, LowConfidenceRate: 0.15, Seed: 42,
	}
	s := New(cfg, testAnswers)
	s.Close() // hangs answer 503 at once
	serveDirect(s, n)
	st := s.Stats()
	if st.Requests != n || st.Rejected != 0 || st.AnswerErrors != 0 {
		t.Fatalf("stats %+v", st)
	}
	want := map[Mode]float64{ModeOK: 0.50}
	for _, r := range cfg.rates() {
		want[r.mode] = r.rate
	}
	var sum int64
	for _, m := range Modes() {
		t.Run(string(m), func(t *testing.T) {
			got, p := float64(st.Mode(m)), want[m]
			tol := 4*math.Sqrt(n*p*(1-p)) + 1 // four standard deviations
			if math.Abs(got-n*p) > tol {
				t.Errorf("%s: %v of %d, want %v ± %.0f", m, got, n, n*p, tol)
			}
		})
		sum += st.Mode(m)
	}
	if sum != n {
		t.Errorf("modes sum to %d, want %d", sum, n)
	}
}

func TestRatesDeterministic(t *testing.T) {
	cfg := Config{ErrorRate: 0.2, MalformedRate: 0.2, OffSchemaRate: 0.2, HostileRate: 0.2}
	run := func(seed int64) (modes []Mode, bodies []string) {
		cfg.Seed = seed
		s := New(cfg, testAnswers)
		bodies = serveDirect(s, 200)
		for _, c := range s.Requests() {
			modes = append(modes, c.Mode)
		}
		return modes, bodies
	}
	tests := []struct {
		name      string
		seedA     int64
		seedB     int64
		wantEqual bool
	}{
		{name: "same seed", seedA: 7, seedB: 7, wantEqual: true},
		{name: "other seed", seedA: 7, seedB: 8, wantEqual: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			modesA, bodiesA := run(tt.seedA)
			modesB, bodiesB := run(tt.seedB)
			same := strings.Join(toStrings(modesA), ",") == strings.Join(toStrings(modesB), ",")
			if same != tt.wantEqual {
				t.Errorf("mode sequences equal = %v, want %v", same, tt.wantEqual)
			}
			if tt.wantEqual {
				for i := range bodiesA {
					// created may tick between runs; compare the content.
					if strings.HasPrefix(bodiesA[i], `{"id"`) && replyContent(t, []byte(bodiesA[i])) != replyContent(t, []byte(bodiesB[i])) {
						t.Fatalf("request %d: content differs", i+1)
					}
				}
			}
		})
	}
}

func toStrings(ms []Mode) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = string(m)
	}
	return out
}
