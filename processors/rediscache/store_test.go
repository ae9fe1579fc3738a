package rediscache

import (
	"context"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/triage/triage/processors"
)

func start(t *testing.T) (*miniredis.Miniredis, *Store) {
	t.Helper()
	mr := miniredis.RunT(t)
	s, err := New(Options{Addr: mr.Addr(), Prefix: "t:"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return mr, s
}

func TestStoreGetSetPrefixTTL(t *testing.T) {
	mr, s := start(t)
	ctx := context.Background()
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := s.Get(ctx, "k"); v != nil || ok || err != nil {
		t.Fatalf("miss = %q %v %v, want nil false nil", v, ok, err)
	}
	if err := s.Set(ctx, "k", []byte("v"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if got, _ := mr.Get("t:k"); got != "v" {
		t.Errorf("redis holds %q under t:k, want v", got)
	}
	if ttl := mr.TTL("t:k"); ttl != time.Minute {
		t.Errorf("ttl %s, want 1m", ttl)
	}
	if v, ok, err := s.Get(ctx, "k"); string(v) != "v" || !ok || err != nil {
		t.Fatalf("hit = %q %v %v", v, ok, err)
	}
	mr.FastForward(2 * time.Minute)
	if _, ok, _ := s.Get(ctx, "k"); ok {
		t.Error("entry served after its ttl")
	}
	_ = s.Set(ctx, "forever", []byte("x"), 0)
	if ttl := mr.TTL("t:forever"); ttl != 0 {
		t.Errorf("ttl 0 gave redis ttl %s, want none", ttl)
	}
}

func TestStoreErrorsWhenRedisDown(t *testing.T) {
	mr, s := start(t)
	mr.Close()
	ctx := context.Background()
	if _, ok, err := s.Get(ctx, "k"); ok || err == nil {
		t.Errorf("get on a closed redis = %v %v, want an error", ok, err)
	}
	if err := s.Ping(ctx); err == nil {
		t.Error("ping on a closed redis succeeded")
	}
}

func TestNewOptions(t *testing.T) {
	for _, tc := range []struct {
		addr    string
		wantErr bool
	}{
		{"127.0.0.1:6379", false},
		{"redis://:secret@cache:6379/2", false},
		{"", true},
		{"redis://cache:6379/notadb", true},
	} {
		_, err := New(Options{Addr: tc.addr})
		if (err != nil) != tc.wantErr {
			t.Errorf("New(%q) err = %v, want error %v", tc.addr, err, tc.wantErr)
		}
	}
}

// Through processors.Cache: the second process (a new Cache over the same
// Redis) answers from the first one's entry without calling the engine.
func TestStoreSharedByTwoCaches(t *testing.T) {
	mr, s1 := start(t)
	s2, _ := New(Options{Addr: mr.Addr(), Prefix: "t:"})
	defer s2.Close()
	calls := 0
	llm := processors.Func(func(context.Context, processors.Input) (processors.Output, error) {
		calls++
		return processors.Output{Decision: &processors.Route{Queue: "billing"}, Provenance: processors.Provenance{Source: processors.SourceLLM, EngineVersion: "v"}}, nil
	})
	key := func(in processors.Input) string { return processors.CacheKey("route", []string{"p1", "m"}, in) }
	in := processors.Input{Kind: processors.KindTicket, ID: "T-1", Subject: "Charged twice", Body: "billed twice"}
	for i, s := range []*Store{s1, s2} {
		out, err := processors.Chain(llm, processors.Cache(s, processors.CacheOptions{TTL: time.Hour, Key: key})).Process(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{processors.SourceLLM, processors.SourceCache}[i]
		if out.Provenance.Source != want || out.Decision.(*processors.Route).Queue != "billing" {
			t.Errorf("call %d: %+v, want source %s queue billing", i, out, want)
		}
	}
	if calls != 1 {
		t.Errorf("engine called %d times, want 1", calls)
	}
}

// Close releases the connections and may be called again.
func TestCloseIsIdempotent(t *testing.T) {
	mr, s := start(t)
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, _, err := s.Get(context.Background(), "k"); err == nil {
		t.Error("get after Close succeeded")
	}
	waitNoConnections(t, mr)
}

// waitNoConnections polls until mr holds no client connection.
func waitNoConnections(t *testing.T, mr *miniredis.Miniredis) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); mr.CurrentConnectionCount() > 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections still open", mr.CurrentConnectionCount())
		}
	}
}
