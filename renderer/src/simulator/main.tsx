import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HostLink } from '../host/host-connection';
import { I18nProvider } from '../i18n/i18n';
import { SimulatorPanel } from './SimulatorPanel';
import './simulator.css';

const link = new HostLink('simulator-panel');
link.start();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider language="zh-CN">
      <SimulatorPanel link={link} />
    </I18nProvider>
  </StrictMode>,
);
