package llmsim

import (
	"net/http"
	"sync"
	"time"
)

// CaptureLimit is how many requests Server.Requests keeps: the most recent.
const CaptureLimit = 1000

// CaptureBodyLimit is how many bytes of each request body are kept.
const CaptureBodyLimit = 256 << 10

// CapturedRequest is one chat request as received, for contract tests.
type CapturedRequest struct {
	Seq       uint64      // the request's number: its response id is chatcmpl-sim-<Seq>
	Time      time.Time   // arrival
	Method    string      // always POST for a chat request that got this far
	Path      string      // e.g. /v1/chat/completions
	Header    http.Header // as sent, but an Authorization value reads "Bearer <redacted>"
	Body      []byte      // the raw body, at most CaptureBodyLimit bytes
	Truncated bool        // Body was cut at CaptureBodyLimit
	Task      string      // the inferred task, "" when rejected or unknown
	Mode      Mode        // the mode applied, "" when the request was rejected (4xx)
}

// ring keeps the last CaptureLimit captured requests; safe for concurrent use.
type ring struct {
	mu   sync.Mutex
	buf  []CapturedRequest
	next int // index of the oldest entry once buf is full
}

func (r *ring) add(c CapturedRequest) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) < CaptureLimit {
		r.buf = append(r.buf, c)
		return
	}
	r.buf[r.next] = c
	r.next = (r.next + 1) % CaptureLimit
}

// all returns the entries oldest first.
func (r *ring) all() []CapturedRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]CapturedRequest, 0, len(r.buf))
	out = append(out, r.buf[r.next:]...)
	return append(out, r.buf[:r.next]...)
}

// capture builds the record of a request whose body has been read.
func capture(seq uint64, r *http.Request, body []byte) CapturedRequest {
	h := r.Header.Clone()
	if h.Get("Authorization") != "" {
		h.Set("Authorization", "Bearer <redacted>")
	}
	c := CapturedRequest{Seq: seq, Time: time.Now(), Method: r.Method, Path: r.URL.Path, Header: h}
	if len(body) > CaptureBodyLimit {
		body, c.Truncated = body[:CaptureBodyLimit], true
	}
	c.Body = append([]byte(nil), body...)
	return c
}
