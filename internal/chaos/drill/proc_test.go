package drill

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestProcStartSignalWait(t *testing.T) {
	log := filepath.Join(t.TempDir(), "p.log")
	p, err := StartProc("sleeper", log, "sh", "-c", "echo up; exec sleep 600")
	if err != nil {
		t.Fatal(err)
	}
	if err := waitFor(p, time.Minute, "output", func() bool {
		b, _ := os.ReadFile(log)
		return strings.Contains(string(b), "up")
	}); err != nil {
		t.Fatal(err)
	}
	if !p.Running() {
		t.Fatal("sleeper not running")
	}
	if err := p.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := p.Wait(time.Minute); err == nil || p.Running() {
		t.Fatalf("killed process: Wait = %v, running %v; want a non-nil exit error", err, p.Running())
	}
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("signal after exit: %v, want a no-op", err)
	}
	if err := waitFor(p, time.Minute, "never", func() bool { return false }); err == nil || !strings.Contains(err.Error(), "exited") {
		t.Fatalf("waitFor on an exited process = %v", err)
	}
}
