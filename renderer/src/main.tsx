import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { HostLink } from './host/host-connection';
import './styles/app.css';

const link = new HostLink('kiosk-ui');
link.start();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App link={link} />
  </StrictMode>,
);
