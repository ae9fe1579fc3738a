package drill

import (
	"flag"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// The test binary doubles as a fake triage when DRILL_FAKE=triage: "config
// check" succeeds, "run" serves /healthz and /readyz on --admin.addr
// (ready while the file DRILL_FAKE_READY exists) until SIGTERM, "llm-sim"
// serves GET /v1/models on --addr. Nothing touches Kafka.
func TestMain(m *testing.M) {
	if os.Getenv("DRILL_FAKE") == "triage" {
		os.Exit(fakeMain(os.Args[1:]))
	}
	os.Exit(m.Run())
}

func fakeMain(args []string) int {
	if len(args) == 0 {
		return 2
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	admin := fs.String("admin.addr", "", "")
	addr := fs.String("addr", "", "")
	fs.String("config", "", "")
	fs.String("model", "", "")
	fs.String("latency", "", "")
	mux := http.NewServeMux()
	switch args[0] {
	case "config":
		return 0
	case "run":
		_ = fs.Parse(args[1:])
		addr = admin
		mux.HandleFunc("/healthz", func(http.ResponseWriter, *http.Request) {})
		mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
			if _, err := os.Stat(os.Getenv("DRILL_FAKE_READY")); err != nil {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		})
	case "llm-sim":
		_ = fs.Parse(args[1:])
		mux.HandleFunc("/v1/models", func(http.ResponseWriter, *http.Request) {})
	default:
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return 1
	}
	go func() { _ = http.Serve(ln, mux) }()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	<-sig
	return 0
}

// fakeBin returns the path of the fake triage (this test binary) and sets
// the environment its children need; ready is the file that makes /readyz
// answer 200.
func fakeBin(t *testing.T) (bin, ready string) {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ready = t.TempDir() + "/ready"
	t.Setenv("DRILL_FAKE", "triage")
	t.Setenv("DRILL_FAKE_READY", ready)
	return bin, ready
}

// eventually polls cond every 20 ms for up to a minute.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 3000 {
		if cond() {
			return
		}
		sleepBriefly()
	}
	t.Fatalf("never: %s", what)
}
