package llmsim

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// SimulatedHeader is set on every response: "X-Llmsim: simulated".
const SimulatedHeader = "X-Llmsim"

// MaxBodyBytes is the largest request body accepted; larger ones get 413.
const MaxBodyBytes = 8 << 20

// Server is the simulated OpenAI endpoint, an http.Handler. It serves
//
//	POST /v1/chat/completions and POST /chat/completions
//	GET  /v1/models, /models, /v1/models/{id} and /models/{id}
//
// and answers anything else with a 404 or 405 OpenAI error body. All methods
// are safe for concurrent use.
type Server struct {
	answer Answerer
	cfg    atomic.Pointer[Config]
	seq    atomic.Uint64 // chat requests received, numbers them from 1
	stats  counters
	log    ring

	closeOnce sync.Once
	closed    chan struct{} // closed by Close: releases hangs and latency waits
}

// New returns a Server answering with answer (which must not be nil) and
// behaving as cfg says; cfg is not validated (see Config).
func New(cfg Config, answer Answerer) *Server {
	if answer == nil {
		panic("llmsim: New with a nil Answerer")
	}
	s := &Server{answer: answer, closed: make(chan struct{})}
	s.SetConfig(cfg)
	return s
}

// SetConfig replaces the configuration; requests that arrive afterwards use
// it (those in flight keep the one they started with). Use it for outage
// drills: SetConfig(Config{ErrorRate: 1}) then back.
func (s *Server) SetConfig(cfg Config) { s.cfg.Store(&cfg) }

// Config returns the current configuration.
func (s *Server) Config() Config { return *s.cfg.Load() }

// Stats returns the request counts so far.
func (s *Server) Stats() Stats { return s.stats.snapshot() }

// Requests returns the last CaptureLimit chat requests, oldest first.
func (s *Server) Requests() []CapturedRequest { return s.log.all() }

// Close ends every hang in progress (the client gets 503) and every latency
// wait (the answer goes out at once), and makes later hangs and waits end at
// once. The handler keeps serving. Start's close function calls it; with
// httptest, call it before httptest.Server.Close, which otherwise waits for
// hanging requests.
func (s *Server) Close() { s.closeOnce.Do(func() { close(s.closed) }) }

// ServeHTTP routes a request; a "/v1" path prefix is optional.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set(SimulatedHeader, "simulated")
	path := strings.TrimSuffix(r.URL.Path, "/")
	if p, ok := strings.CutPrefix(path, "/v1"); ok && (p == "" || p[0] == '/') {
		path = p
	}
	switch {
	case path == "/chat/completions":
		if r.Method != http.MethodPost {
			methodNotAllowed(w, r, http.MethodPost)
			return
		}
		s.chat(w, r)
	case path == "/models" || strings.HasPrefix(path, "/models/"):
		if r.Method != http.MethodGet {
			methodNotAllowed(w, r, http.MethodGet)
			return
		}
		if e := s.authorize(r, s.Config()); e != nil {
			e.write(w)
			return
		}
		s.models(w, strings.TrimPrefix(strings.TrimPrefix(path, "/models"), "/"))
	default:
		newAPIError(http.StatusNotFound, "invalid_request_error", "unknown_url", "",
			"Invalid URL (%s %s)", r.Method, r.URL.Path).write(w)
	}
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	newAPIError(http.StatusMethodNotAllowed, "invalid_request_error", "method_not_allowed", "",
		"Invalid method for URL (%s %s)", r.Method, r.URL.Path).write(w)
}

// authorize checks the bearer token when cfg.APIKey is set.
func (s *Server) authorize(r *http.Request, cfg Config) *apiError {
	if cfg.APIKey == "" {
		return nil
	}
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return newAPIError(http.StatusUnauthorized, "invalid_request_error", "invalid_api_key", "",
			"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).")
	}
	key, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || key != cfg.APIKey {
		return newAPIError(http.StatusUnauthorized, "invalid_request_error", "invalid_api_key", "",
			"Incorrect API key provided. (llmsim)")
	}
	return nil
}

// models serves the model list, or one model when id is set.
func (s *Server) models(w http.ResponseWriter, id string) {
	name := s.Config().Model
	if name == "" {
		name = "llmsim"
	}
	type model struct {
		ID      string `json:"id"`
		Object  string `json:"object"`
		Created int64  `json:"created"`
		OwnedBy string `json:"owned_by"`
	}
	m := model{ID: name, Object: "model", Created: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), OwnedBy: "llmsim"}
	switch {
	case id == "":
		writeJSON(w, http.StatusOK, struct {
			Object string  `json:"object"`
			Data   []model `json:"data"`
		}{"list", []model{m}})
	case id == name || s.Config().Model == "":
		m.ID = id
		writeJSON(w, http.StatusOK, m)
	default:
		newAPIError(http.StatusNotFound, "invalid_request_error", "model_not_found", "model",
			"The model `%s` does not exist or you do not have access to it.", id).write(w)
	}
}
