package drill

import (
	"os"
	"syscall"
	"testing"
	"time"
)

func sleepBriefly() { time.Sleep(20 * time.Millisecond) }

func TestInstanceLifecycle(t *testing.T) {
	bin, ready := fakeBin(t)
	in, err := NewInstance(bin, "unused.yaml", t.TempDir(), "triage-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Start(); err != nil {
		t.Fatal(err)
	}
	if in.Ready() {
		t.Fatal("ready before the fake says so")
	}
	if err := os.WriteFile(ready, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "ready", in.Ready)
	if err := in.Term(time.Minute); err != nil || in.Alive() || in.Died() {
		t.Fatalf("SIGTERM: err %v, alive %v, died %v; want a clean signalled exit", err, in.Alive(), in.Died())
	}
	if err := in.Start(); err != nil || in.Starts != 2 {
		t.Fatalf("restart: %v, starts %d", err, in.Starts)
	}
	if err := in.Kill(); err != nil || in.Alive() || in.Died() {
		t.Fatalf("SIGKILL: err %v, alive %v, died %v", err, in.Alive(), in.Died())
	}
	if err := in.Start(); err != nil {
		t.Fatal(err)
	}
	// Killed behind the drill's back: Died says so.
	_ = in.Signal(syscall.SIGKILL)
	_ = in.Wait(time.Minute)
	if !in.Died() {
		t.Fatal("an exit the drill did not cause must count as died")
	}
}

func TestWatchReadySeesUnreadyThenReady(t *testing.T) {
	bin, ready := fakeBin(t)
	in, err := NewInstance(bin, "unused.yaml", t.TempDir(), "triage-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ready, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := in.Start(); err != nil {
		t.Fatal(err)
	}
	defer in.Kill()
	if !awaitReady(in, time.Minute) {
		t.Fatal("not ready")
	}
	w := watchReady([]*Instance{in})
	waitRounds(t, w, 1) // seen ready first
	os.Remove(ready)
	eventually(t, "unready", func() bool { return !in.Ready() })
	waitRounds(t, w, 2) // the watcher has polled while unready
	if err := os.WriteFile(ready, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "ready again", in.Ready)
	waitRounds(t, w, 2)
	tl := w.stop()[0]
	if len(tl) != 3 || !tl[0].Ready || tl[1].Ready || !tl[2].Ready {
		t.Fatalf("timeline %+v: want ready, unready, ready", tl)
	}
}

// waitRounds waits until w has completed n more polling rounds.
func waitRounds(t *testing.T, w *readyWatch, n int64) {
	t.Helper()
	from := w.rounds.Load()
	eventually(t, "watcher rounds", func() bool { return w.rounds.Load() >= from+n })
}
