package bench

import (
	"encoding/json"
	"os"
	"os/exec"
	"runtime"
	"testing"
)

func TestParseStatus(t *testing.T) {
	m, ok := parseStatus([]byte("Name:\ttriage\nVmPeak:\t  900 kB\nVmHWM:\t    2048 kB\nVmRSS:\t    1024 kB\nThreads:\t7\n"))
	if !ok || m.Peak != 2048<<10 || m.Now != 1024<<10 {
		t.Errorf("got %+v, %v", m, ok)
	}
	if _, ok := parseStatus([]byte("VmRSS:\t1024 kB\n")); ok {
		t.Error("ok without VmHWM")
	}
}

// TestChildMemoryExcludesTheParent: a phase process reports its own peak,
// not the bench's. The parent holds 128 MiB when it starts the child; the
// child's ru_maxrss counts them (Linux folds the vfork-shared memory map's
// high-water mark into it at exec), ReadMemory must not.
func TestChildMemoryExcludesTheParent(t *testing.T) {
	if os.Getenv("BENCH_RSS_CHILD") != "" {
		_ = json.NewEncoder(os.Stdout).Encode(struct {
			Memory Memory
			Rusage int64
		}{ReadMemory(), ReadUsage().MaxRSS})
		os.Exit(0)
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/self/status")
	}
	const held = 128 << 20
	ballast := make([]byte, held)
	for i := range ballast {
		ballast[i] = 1
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildMemoryExcludesTheParent$")
	cmd.Env = append(os.Environ(), "BENCH_RSS_CHILD=1")
	out, err := cmd.Output()
	runtime.KeepAlive(ballast)
	if err != nil {
		t.Fatalf("child: %v: %s", err, out)
	}
	var got struct {
		Memory Memory
		Rusage int64
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("child said %q: %v", out, err)
	}
	t.Logf("child: own peak %d MB, now %d MB, ru_maxrss %d MB", got.Memory.Peak>>20, got.Memory.Now>>20, got.Rusage>>20)
	if got.Rusage < held {
		t.Logf("this kernel does not fold the parent's peak into ru_maxrss")
	}
	if got.Memory.Peak <= 0 || got.Memory.Now <= 0 || got.Memory.Peak >= held/2 {
		t.Errorf("child's own memory: %+v, want a peak well under the parent's %d MB", got.Memory, held>>20)
	}
}

func TestReportShowsRunPeakShutdownAndEnd(t *testing.T) {
	o := Outcome{PhaseResult: PhaseResult{Kind: Pipeline, Records: 1, Elapsed: 1, RunRSS: 140e6, MaxRSS: 150e6, EndRSS: 90e6, Isolated: true}}
	if got, want := o.rss(), "peak RSS 140.0 MB while running (150.0 MB with the shutdown), 90.0 MB at the end"; got != want {
		t.Errorf("rss() = %q, want %q", got, want)
	}
	r := &Report{Outcomes: []Outcome{o}}
	row := r.rows()[0]
	if row[3] != "140.0 (150.0 with the shutdown)" || row[4] != "90.0" || len(row) != len(header) {
		t.Errorf("row %q", row)
	}
	o.MaxRSS = o.RunRSS
	if got := o.rss(); got != "peak RSS 140.0 MB while running, 90.0 MB at the end" {
		t.Errorf("no higher shutdown peak: %q", got)
	}
}
