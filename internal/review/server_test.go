package review

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

type written struct {
	mu     sync.Mutex
	values [][]byte
}

func (w *written) publish(_ context.Context, _, v []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.values = append(w.values, v)
	return nil
}

func (w *written) all() [][]byte { w.mu.Lock(); defer w.mu.Unlock(); return w.values }

func page(t *testing.T, token string, tasks ...[]byte) (*httptest.Server, *Board, *written) {
	t.Helper()
	b := NewBoard()
	for _, v := range tasks {
		b.AddTask(v)
	}
	w := &written{}
	s, err := New(Options{Board: b, Queues: []string{"billing", "other", "sales"}, Publish: w.publish, Token: token,
		Now: func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv, b, w
}

func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var tokenRE = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

// formToken loads the task page and returns its CSRF token.
func formToken(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 1<<16)
	for n, err := resp.Body.Read(buf); n > 0 || err == nil; n, err = resp.Body.Read(buf) {
		b.Write(buf[:n])
	}
	m := tokenRE.FindStringSubmatch(b.String())
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("task page %d without a token:\n%s", resp.StatusCode, b.String())
	}
	return m[1]
}

// A POST without the cookie's token is refused and writes nothing; with
// it, the change of queue becomes a valid correction and the task closes.
func TestCSRFAndChangeQueue(t *testing.T) {
	srv, b, w := page(t, "", taskValue("a", time.Now(), true))
	taskURL := srv.URL + "/task/" + strings.Repeat("a", 32)
	form := url.Values{"by": {"sam"}, "action": {"queue"}, "queue": {"billing"}}
	for name, c := range map[string]*http.Client{"no cookie, no token": client(t), "cookie, wrong token": client(t)} {
		if name == "cookie, wrong token" {
			formToken(t, c, taskURL)
			form.Set("csrf", strings.Repeat("0", 64))
		}
		resp, err := c.PostForm(taskURL, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", name, resp.StatusCode)
		}
	}
	other := client(t)
	form.Set("csrf", formToken(t, other, taskURL))
	c := client(t) // another browser's token does not pass with this cookie
	formToken(t, c, taskURL)
	if resp, _ := c.PostForm(taskURL, form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("another browser's token: status %d", resp.StatusCode)
	}
	if len(w.all()) != 0 {
		t.Fatalf("refused posts wrote %d corrections", len(w.all()))
	}
	resp, err := other.PostForm(taskURL, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(w.all()) != 1 {
		t.Fatalf("status %d, %d corrections", resp.StatusCode, len(w.all()))
	}
	sch, _ := schemas.Load()
	if err := sch.ValidateJSON(schemas.Correction, w.all()[0]); err != nil {
		t.Fatal(err)
	}
	var got pipeline.Correction
	_ = json.Unmarshal(w.all()[0], &got)
	if got.Verdict != "correct" || string(got.Decision) != `{"queue":"billing"}` || got.By != "sam" || got.EventID != strings.Repeat("a", 32) || got.InputEvent == nil {
		t.Errorf("correction %s", w.all()[0])
	}
	if len(b.Open()) != 0 {
		t.Error("the task is still open")
	}
	if resp, _ := other.PostForm(taskURL, form); resp.StatusCode != http.StatusNotFound || len(w.all()) != 1 {
		t.Errorf("second post: status %d, %d corrections", resp.StatusCode, len(w.all()))
	}
}

// The cookie is SameSite=Strict and HttpOnly.
func TestCSRFCookieAttributes(t *testing.T) {
	srv, _, _ := page(t, "", taskValue("a", time.Now(), true))
	resp, err := http.Get(srv.URL + "/task/" + strings.Repeat("a", 32))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ck := resp.Cookies()
	if len(ck) != 1 || ck[0].SameSite != http.SameSiteStrictMode || !ck[0].HttpOnly {
		t.Errorf("cookies %+v", ck)
	}
}

func TestBearerToken(t *testing.T) {
	srv, _, _ := page(t, "s3cret")
	for _, tt := range []struct {
		header string
		want   int
	}{{"", 401}, {"Bearer nope", 401}, {"Bearer s3cret", 200}} {
		req, _ := http.NewRequest("GET", srv.URL+"/", nil)
		if tt.header != "" {
			req.Header.Set("Authorization", tt.header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%q: status %d, want %d", tt.header, resp.StatusCode, tt.want)
		}
	}
}

// An order's page highlights each item's evidence; its items can be
// edited, and accept keeps the decision under review.
func TestOrderEvidenceEditAndAccept(t *testing.T) {
	srv, _, w := page(t, "", taskValue("b", time.Now(), false), taskValue("c", time.Now(), false))
	c := client(t)
	url1 := srv.URL + "/task/" + strings.Repeat("b", 32)
	resp, err := c.Get(url1)
	if err != nil {
		t.Fatal(err)
	}
	body := make([]byte, 1<<16)
	n, _ := resp.Body.Read(body)
	resp.Body.Close()
	if !strings.Contains(string(body[:n]), "Please send 2 <mark>blue widgets</mark>") {
		t.Errorf("no highlighted evidence:\n%s", body[:n])
	}
	tok := formToken(t, c, url1)
	items := `[{"product":"blue widgets","quantity":3,"sku":"BW-1"}]`
	if resp, _ := c.PostForm(url1, map[string][]string{"csrf": {tok}, "by": {"sam"}, "action": {"items"}, "items": {items}}); resp.StatusCode != 303 {
		t.Fatalf("edit items: status %d", resp.StatusCode)
	}
	url2 := srv.URL + "/task/" + strings.Repeat("c", 32)
	if resp, _ := c.PostForm(url2, map[string][]string{"csrf": {tok}, "by": {"sam"}, "action": {"accept"}}); resp.StatusCode != 303 {
		t.Fatalf("accept: status %d", resp.StatusCode)
	}
	var edited, accepted pipeline.Correction
	_ = json.Unmarshal(w.all()[0], &edited)
	_ = json.Unmarshal(w.all()[1], &accepted)
	var o processors.Order
	_ = json.Unmarshal(edited.Decision, &o)
	if !o.IsOrder || len(o.Items) != 1 || o.Items[0].Quantity != 3 || o.Items[0].SKU != "BW-1" || edited.Processor != "extract" {
		t.Errorf("edited %s", w.all()[0])
	}
	if accepted.Verdict != "accept" || !strings.Contains(string(accepted.Decision), `"quantity":2`) {
		t.Errorf("accepted %s", w.all()[1])
	}
	if resp, _ := c.PostForm(srv.URL+"/task/"+strings.Repeat("a", 32), map[string][]string{"csrf": {tok}, "by": {"sam"}, "action": {"accept"}}); resp.StatusCode != 404 {
		t.Errorf("unknown task: status %d", resp.StatusCode)
	}
}

func TestSegmentsMergeOverlaps(t *testing.T) {
	got := segments("abcdefgh", []pipeline.ItemEvidence{{Evidence: []pipeline.Span{{Start: 4, End: 6}, {Start: 1, End: 3}}}, {Evidence: []pipeline.Span{{Start: 2, End: 5}, {Start: 7, End: 99}}}})
	want := []segment{{"a", false}, {"bc", true}, {"de", true}, {"f", true}, {"gh", false}}
	if len(got) != len(want) {
		t.Fatalf("segments %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("segments %+v, want %+v", got, want)
		}
	}
}
