import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

type Notify = (message: string) => void;
const ToastContext = createContext<Notify>(() => {});

/** Short confirmations ("Saved.") in one polite live region. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<{ text: string; at: number } | null>(null);
  const notify = useCallback<Notify>((text) => setMessage({ text, at: Date.now() }), []);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 4000);
    return () => clearTimeout(timer);
  }, [message]);
  // A notice belongs to the page it was given on: the next page starts without it.
  useEffect(() => {
    const clear = () => setMessage(null);
    window.addEventListener('hashchange', clear);
    return () => window.removeEventListener('hashchange', clear);
  }, []);
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className="toast-region" role="status" aria-live="polite">
        {message && <div className="toast" key={message.at}>{message.text}</div>}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
