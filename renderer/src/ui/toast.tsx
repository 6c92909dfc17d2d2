import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

/** `followsTo`: the notice is about the page the action goes to next (a merge opens the survivor). */
type Notify = (message: string, options?: { followsTo?: 'nextPage' }) => void;
const ToastContext = createContext<Notify>(() => {});

/** Short confirmations ("Saved.") in one polite live region. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<{ text: string; at: number; nextPage: boolean } | null>(null);
  const notify = useCallback<Notify>(
    (text, options) => setMessage({ text, at: Date.now(), nextPage: options?.followsTo === 'nextPage' }),
    [],
  );
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 4000);
    return () => clearTimeout(timer);
  }, [message]);
  // A notice belongs to the page it was given on: the next page starts without it, unless the
  // action that gave it is what opens that page.
  useEffect(() => {
    const clear = () => setMessage((m) => (m?.nextPage ? { ...m, nextPage: false } : null));
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
