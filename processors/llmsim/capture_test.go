package llmsim

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRing(t *testing.T) {
	tests := []struct {
		name        string
		adds        int
		wantLen     int
		first, last uint64
	}{
		{name: "empty", adds: 0, wantLen: 0},
		{name: "partial", adds: 3, wantLen: 3, first: 1, last: 3},
		{name: "full", adds: CaptureLimit, wantLen: CaptureLimit, first: 1, last: CaptureLimit},
		{name: "wrapped", adds: CaptureLimit + 5, wantLen: CaptureLimit, first: 6, last: CaptureLimit + 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r ring
			for i := 1; i <= tt.adds; i++ {
				r.add(CapturedRequest{Seq: uint64(i)})
			}
			got := r.all()
			if len(got) != tt.wantLen {
				t.Fatalf("len = %d, want %d", len(got), tt.wantLen)
			}
			if len(got) == 0 {
				return
			}
			if got[0].Seq != tt.first || got[len(got)-1].Seq != tt.last {
				t.Errorf("seq %d..%d, want %d..%d", got[0].Seq, got[len(got)-1].Seq, tt.first, tt.last)
			}
			for i := 1; i < len(got); i++ {
				if got[i].Seq != got[i-1].Seq+1 {
					t.Fatalf("out of order at %d", i)
				}
			}
		})
	}
}

func TestCaptureRedactsAndCaps(t *testing.T) {
	body := strings.Repeat("x", CaptureBodyLimit+10)
	r := httptest.NewRequest("POST", "/v1/chat/completions", nil)
	r.Header.Set("Authorization", "Bearer sk-secret")
	r.Header.Set("X-Llmsim-Mode", "ok")
	c := capture(9, r, []byte(body))
	if got := c.Header.Get("Authorization"); got != "Bearer <redacted>" {
		t.Errorf("Authorization = %q", got)
	}
	if r.Header.Get("Authorization") != "Bearer sk-secret" {
		t.Error("request header modified")
	}
	if c.Header.Get("X-Llmsim-Mode") != "ok" || c.Seq != 9 || c.Path != "/v1/chat/completions" {
		t.Errorf("capture = %+v", c)
	}
	if len(c.Body) != CaptureBodyLimit || !c.Truncated {
		t.Errorf("body len %d truncated %v", len(c.Body), c.Truncated)
	}
}
