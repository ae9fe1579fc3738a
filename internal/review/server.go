package review

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/triage/triage/processors/catalog"
	"github.com/triage/triage/schemas"
)

//go:embed assets
var assets embed.FS

// Options configure a Server. Board, Queues and Publish are required.
type Options struct {
	Board  *Board
	Queues []string // the queue set a ticket may be routed to
	// Publish writes one correction to topics.corrections and returns once
	// the broker acknowledged it.
	Publish func(ctx context.Context, key, value []byte) error
	Token   string // bearer token required on every request; "" none
	// Catalog, when set (rules.catalog), lets the item editor suggest
	// catalog products (GET /catalog?q=).
	Catalog *catalog.Catalog
	// Metrics serves GET /metrics (the review backlog, see Stats); nil
	// serves none.
	Metrics http.Handler
	Now     func() time.Time
	Log     *slog.Logger
}

// Server is the review page's HTTP handler. It is safe for concurrent use.
type Server struct {
	o       Options
	csrf    csrf
	pages   *template.Template
	schemas *schemas.Set
	mux     *http.ServeMux
}

// New returns the page's handler.
func New(o Options) (*Server, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	pages, err := template.New("").Funcs(funcs).ParseFS(assets, "assets/*.html")
	if err != nil {
		return nil, fmt.Errorf("review: templates: %w", err)
	}
	sch, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	s := &Server{o: o, csrf: newCSRF(), pages: pages, schemas: sch, mux: http.NewServeMux()}
	static, _ := fs.Sub(assets, "assets")
	s.mux.Handle("GET /assets/", http.StripPrefix("/assets/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", s.list)
	s.mux.HandleFunc("GET /task/{id}", s.task)
	s.mux.HandleFunc("POST /task/{id}", s.decide)
	s.mux.HandleFunc("GET /catalog", s.searchCatalog)
	if o.Metrics != nil {
		s.mux.Handle("GET /metrics", o.Metrics)
	}
	return s, nil
}

// ServeHTTP checks the bearer token, then serves the page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !bearer(r, s.o.Token) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="triage review"`)
		http.Error(w, "review: a bearer token is required (review.token_file)", http.StatusUnauthorized)
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(w, r)
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	s.render(w, "list.html", map[string]any{"Tasks": s.o.Board.Open()})
}

func (s *Server) task(w http.ResponseWriter, r *http.Request) {
	t, ok := s.o.Board.Get(r.PathValue("id"))
	if !ok {
		http.Error(w, "review: no open task for this event (corrected already?)", http.StatusNotFound)
		return
	}
	v, err := viewOf(t, s.o.Queues)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	v.CSRF, v.Catalog = s.csrf.token(w, r), s.o.Catalog != nil
	s.render(w, "task.html", v)
}

// decide turns the form into a correction, writes it and closes the task.
func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	if !s.csrf.check(r) {
		http.Error(w, "review: CSRF check failed: reload the page and submit again", http.StatusForbidden)
		return
	}
	t, ok := s.o.Board.Get(r.PathValue("id"))
	if !ok {
		http.Error(w, "review: no open task for this event (corrected already?)", http.StatusNotFound)
		return
	}
	key, value, err := correctionOf(t, r.PostForm, s.o.Queues, s.o.Now())
	if err == nil {
		err = s.schemas.ValidateJSON(schemas.Correction, value)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := s.o.Publish(r.Context(), key, value); err != nil {
		s.o.Log.Warn("review: writing a correction failed", "event_id", t.Data.EventID, "err", err)
		http.Error(w, "review: writing the correction failed; try again", http.StatusBadGateway)
		return
	}
	s.o.Board.Close(t.Data.EventID)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) render(w http.ResponseWriter, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.pages.ExecuteTemplate(w, name, data); err != nil {
		s.o.Log.Warn("review: render", "page", name, "err", err)
	}
}
