package e2e

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// cluster is an etcd plus a kube-apiserver on loopback ports, with all their
// files in one temporary directory. In the suite's shared cluster no
// controller-manager or scheduler runs: most tests only need the API server
// to admit and store objects. The control-plane test starts its own cluster
// and adds controllers to it (controlplane_test.go).
type cluster struct {
	dir        string
	server     string // https://127.0.0.1:PORT
	token      string
	kubeconfig string
	procs      []*process
	stopOnce   sync.Once
}

// process is a child started in its own process group, so that stopping it
// also stops anything it spawned, and with a parent-death signal, so that it
// dies with the test binary even when that is killed (e.g. go test -timeout).
type process struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{} // closed when the process has exited
	err  error         // exit status, valid after done
}

func startProcess(name, logFile, bin string, args ...string) (*process, error) {
	return startProcessEnv(name, logFile, bin, nil, args...)
}

// startProcessEnv is startProcess with extra environment variables.
func startProcessEnv(name, logFile, bin string, extraEnv []string, args ...string) (*process, error) {
	f, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), extraEnv...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, log: logFile, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		f.Close()
		close(p.done)
	}()
	return p, nil
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM to the process group and SIGKILL if it has not exited
// after a grace period.
func (p *process) stop() {
	if p.exited() {
		return
	}
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-p.done
	}
}

// logTail returns the end of the process's log, for error messages.
func (p *process) logTail() string {
	data, _ := os.ReadFile(p.log)
	if len(data) > 4000 {
		data = data[len(data)-4000:]
	}
	return fmt.Sprintf("--- last lines of %s log (%s) ---\n%s", p.name, p.log, data)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// startCluster starts etcd and kube-apiserver and waits until the apiserver
// is ready. With aggregation the apiserver also gets front-proxy
// certificates, so that it can proxy to extension API servers (APIService).
// On error everything started so far has been stopped again.
func startCluster(etcdBin, apiserverBin string, aggregation bool) (c *cluster, err error) {
	dir, err := os.MkdirTemp("", tempPrefix)
	if err != nil {
		return nil, err
	}
	c = &cluster{dir: dir}
	defer func() {
		if err != nil {
			c.stop()
			c = nil
		}
	}()
	// The pid lets a later run clean up after a run that was killed.
	if err := os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return c, err
	}
	ports := make([]int, 3)
	for i := range ports {
		if ports[i], err = freePort(); err != nil {
			return c, err
		}
	}
	clientURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	peerURL := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	etcd, err := startProcess("etcd", filepath.Join(dir, "etcd.log"), etcdBin,
		"--name=e2e",
		"--data-dir="+filepath.Join(dir, "etcd-data"),
		"--listen-client-urls="+clientURL,
		"--advertise-client-urls="+clientURL,
		"--listen-peer-urls="+peerURL,
		"--initial-advertise-peer-urls="+peerURL,
		"--initial-cluster=e2e="+peerURL,
		"--log-level=warn",
		// Durability is irrelevant for a throw-away cluster; fsync only slows it.
		"--unsafe-no-fsync",
	)
	if err != nil {
		return c, err
	}
	c.procs = append(c.procs, etcd)
	if err := waitHTTP(etcd, clientURL+"/health", nil, "", 30*time.Second); err != nil {
		return c, err
	}

	saKey, saPub := filepath.Join(dir, "sa.key"), filepath.Join(dir, "sa.pub")
	if err := writeServiceAccountKey(saKey, saPub); err != nil {
		return c, err
	}
	certFile, keyFile := filepath.Join(dir, "apiserver.crt"), filepath.Join(dir, "apiserver.key")
	caPEM, err := writeServingCert(certFile, keyFile)
	if err != nil {
		return c, err
	}
	tok := make([]byte, 16)
	if _, err := rand.Read(tok); err != nil {
		return c, err
	}
	c.token = hex.EncodeToString(tok)
	tokenFile := filepath.Join(dir, "tokens.csv")
	// token,user,uid,"groups": system:masters is bound to cluster-admin.
	if err := os.WriteFile(tokenFile, []byte(c.token+`,e2e-admin,e2e-admin,"system:masters"`+"\n"), 0o600); err != nil {
		return c, err
	}
	c.server = fmt.Sprintf("https://127.0.0.1:%d", ports[2])
	var extra []string
	if aggregation {
		ca, crt, key := filepath.Join(dir, "front-proxy-ca.crt"), filepath.Join(dir, "front-proxy-client.crt"), filepath.Join(dir, "front-proxy-client.key")
		if err := writeFrontProxyCerts(ca, crt, key); err != nil {
			return c, err
		}
		extra = []string{
			"--requestheader-client-ca-file=" + ca,
			"--requestheader-allowed-names=" + frontProxyClient,
			"--requestheader-username-headers=X-Remote-User",
			"--requestheader-group-headers=X-Remote-Group",
			"--requestheader-extra-headers-prefix=X-Remote-Extra-",
			"--proxy-client-cert-file=" + crt,
			"--proxy-client-key-file=" + key,
		}
	}
	apiserver, err := startProcess("kube-apiserver", filepath.Join(dir, "kube-apiserver.log"), apiserverBin, append([]string{
		"--etcd-servers=" + clientURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", ports[2]),
		"--tls-cert-file=" + certFile,
		"--tls-private-key-file=" + keyFile,
		"--cert-dir=" + filepath.Join(dir, "certs"),
		"--token-auth-file=" + tokenFile,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + saPub,
		"--service-account-signing-key-file=" + saKey,
		"--api-audiences=https://kubernetes.default.svc.cluster.local",
		"--service-cluster-ip-range=10.96.0.0/16",
		// Without kubelets or controllers there is nothing to reconcile the
		// "kubernetes" Endpoints against.
		"--endpoint-reconciler-type=none",
		"--profiling=false",
		"--v=0",
	}, extra...)...)
	if err != nil {
		return c, err
	}
	c.procs = append(c.procs, apiserver)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	if err := waitHTTP(apiserver, c.server+"/readyz", pool, c.token, 120*time.Second); err != nil {
		return c, err
	}
	c.kubeconfig = filepath.Join(dir, "kubeconfig")
	return c, os.WriteFile(c.kubeconfig, []byte(kubeconfig(c.server, caPEM, c.token)), 0o600)
}

func kubeconfig(server string, caPEM []byte, token string) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: e2e-admin
  user:
    token: %s
contexts:
- name: e2e
  context:
    cluster: e2e
    user: e2e-admin
current-context: e2e
`, server, base64.StdEncoding.EncodeToString(caPEM), token)
}

// waitHTTP polls url until it answers 200, the process exits, or the
// timeout passes.
func waitHTTP(p *process, url string, roots *x509.CertPool, token string, timeout time.Duration) error {
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}},
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var last string
	for {
		if p.exited() {
			return fmt.Errorf("%s exited before it was ready (%v)\n%s", p.name, p.err, p.logTail())
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Sprintf("HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(body)))
		} else {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready at %s after %s: %s\n%s", p.name, url, timeout, last, p.logTail())
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// stop stops the apiserver, then etcd, and removes the cluster's directory.
// It is safe to call more than once and from a signal handler.
func (c *cluster) stop() {
	c.stopOnce.Do(func() {
		for i := len(c.procs) - 1; i >= 0; i-- {
			c.procs[i].stop()
		}
		if err := os.RemoveAll(c.dir); err != nil && !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(os.Stderr, "e2e: removing %s: %v\n", c.dir, err)
		}
	})
}

// logs returns the tails of the cluster's logs, for failure messages.
func (c *cluster) logs() string {
	var b strings.Builder
	for _, p := range c.procs {
		b.WriteString(p.logTail())
		b.WriteString("\n")
	}
	return b.String()
}
