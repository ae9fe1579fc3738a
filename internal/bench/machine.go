package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// Machine describes where a bench ran: CPU model, cores, memory, kernel,
// Go version.
func Machine() string {
	cpu := procField("/proc/cpuinfo", "model name")
	mem := procField("/proc/meminfo", "MemTotal")
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	var kb int64
	fmt.Sscanf(mem, "%d", &kb)
	return fmt.Sprintf("%s, %d cores, %.1f GiB memory, %s %s, %s %s/%s", orUnknown(cpu), runtime.NumCPU(), float64(kb)/(1<<20),
		runtime.GOOS, orUnknown(strings.TrimSpace(string(kernel))), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// procField is the value of the first "name : value" line of a /proc file.
func procField(path, name string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
