package bench

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
)

// Memory is the resident set of this process as its own memory map counts
// it (/proc/self/status): Peak is VmHWM, the high-water mark since the
// process started (or exec'd), Now is VmRSS.
//
// It is not getrusage's ru_maxrss, which a phase process must not report:
// Go's os/exec starts a child with clone(CLONE_VM|CLONE_VFORK), so until
// it execs the child runs on its parent's memory map, and Linux folds that
// map's high-water mark into the child's ru_maxrss at exec. A phase
// process's ru_maxrss is therefore at least the bench's own peak when it
// started the phase, which grows with the backlog the bench seeded (a 1M
// backlog read 165 and 269 MB where the phase itself never held 145).
type Memory struct {
	Peak, Now int64 // bytes
}

// ReadMemory reads /proc/self/status. Where there is none (not Linux) it
// falls back to getrusage: Peak is ru_maxrss (see Memory for what it then
// includes), Now is 0. Safe for concurrent use.
func ReadMemory() Memory {
	b, err := os.ReadFile("/proc/self/status")
	if m, ok := parseStatus(b); err == nil && ok {
		return m
	}
	return Memory{Peak: ReadUsage().MaxRSS}
}

// parseStatus reads VmHWM and VmRSS (in kB) from a /proc/PID/status text;
// ok only when both are there.
func parseStatus(b []byte) (m Memory, ok bool) {
	var hwm, rss bool
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		name, v, found := bytes.Cut(sc.Bytes(), []byte(":"))
		if !found {
			continue
		}
		f := bytes.Fields(v)
		if len(f) != 2 || string(f[1]) != "kB" {
			continue
		}
		n, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil {
			continue
		}
		switch string(name) {
		case "VmHWM":
			m.Peak, hwm = n<<10, true
		case "VmRSS":
			m.Now, rss = n<<10, true
		}
	}
	return m, hwm && rss
}
